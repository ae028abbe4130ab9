using AskLibrary.Staff;
using static AskLibrary.Tests.Storage.Contracts.StoreSamples;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>What every IStaffStore promises: user names unique regardless of case, even when added at once.</summary>
public abstract class StaffStoreContract : StoreContract
{
    [SkippableFact]
    public async Task Accounts_are_found_by_id_and_by_user_name_in_any_case()
    {
        var staff = Store.Staff;
        Assert.False(await staff.AnyAsync(None));
        var wang = StaffMember("s_1", "Wang");
        Assert.True(await staff.AddAsync(wang, None));
        Assert.True(await staff.AnyAsync(None));
        Assert.Equal(Json(wang), Json(await staff.FindAsync("s_1", None)));
        Assert.Equal("s_1", (await staff.FindByUserNameAsync("wANG", None))?.Id);
        Assert.Null(await staff.FindByUserNameAsync("wan", None));
        Assert.Null(await staff.FindAsync("s_2", None));
    }

    [SkippableFact]
    public async Task A_user_name_is_taken_once_regardless_of_case_even_by_concurrent_adds()
    {
        var staff = Store.Staff;
        var adds = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => staff.AddAsync(StaffMember($"s_{i}", i % 2 == 0 ? "zhang" : "ZHANG"), None))));
        Assert.Single(adds, added => added);
        Assert.False(await staff.AddAsync(StaffMember("s_x", "Zhang"), None));
        Assert.Single(await staff.ListAsync(None));
    }

    [SkippableFact]
    public async Task Accounts_list_by_user_name_ignoring_case_and_are_replaced_in_place()
    {
        var staff = Store.Staff;
        await staff.AddAsync(StaffMember("s_1", "zhao"), None);
        await staff.AddAsync(StaffMember("s_2", "Admin"), None);
        await staff.AddAsync(StaffMember("s_3", "li"), None);
        Assert.Equal(["Admin", "li", "zhao"], (await staff.ListAsync(None)).Select(s => s.UserName));
        var disabled = StaffMember("s_3", "li") with { Disabled = true, Queues = [], Capacity = null, Email = null, Role = StaffRoles.Editor };
        await staff.ReplaceAsync(disabled, None);
        Assert.Equal(Json(disabled), Json(await staff.FindAsync("s_3", None)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => staff.ReplaceAsync(StaffMember("s_missing", "ghost"), None));
        Assert.Null(await staff.FindByUserNameAsync("ghost", None));
    }

    private static string Json(StaffAccount? account) => AskLibrary.Storage.StorageJson.Serialize(account);
}

/// <summary>What every ICannedResponseStore promises: shared responses first, then one's own, by title.</summary>
public abstract class CannedResponseStoreContract : StoreContract
{
    [SkippableFact]
    public async Task Shared_responses_list_before_own_ones_each_by_title_and_others_are_hidden()
    {
        var canned = Store.CannedResponses;
        CannedResponseRecord R(string id, string title, string? owner) => new(id, title, "text " + id, owner, T0);
        await canned.SaveAsync(R("cr_1", "Renewals", null), None);
        await canned.SaveAsync(R("cr_2", "Hours", null), None);
        await canned.SaveAsync(R("cr_3", "Closing", "s_1"), None);
        await canned.SaveAsync(R("cr_4", "Alpha", "s_1"), None);
        await canned.SaveAsync(R("cr_5", "Zebra", "s_2"), None);
        Assert.Equal(["cr_2", "cr_1", "cr_4", "cr_3"], (await canned.ListForAsync("s_1", None)).Select(r => r.Id));
        Assert.Equal(["cr_2", "cr_1", "cr_5"], (await canned.ListForAsync("s_2", None)).Select(r => r.Id));
    }

    [SkippableFact]
    public async Task Saving_again_replaces_and_deleting_removes()
    {
        var canned = Store.CannedResponses;
        await canned.SaveAsync(new CannedResponseRecord("cr_1", "Hours", "8 to 22", "s_1", T0), None);
        var shared = new CannedResponseRecord("cr_1", "Opening hours", "8:00–22:00", null, T0.AddDays(1));
        await canned.SaveAsync(shared, None);
        Assert.Equal(shared, await canned.FindAsync("cr_1", None));
        Assert.Equal([shared], await canned.ListForAsync("s_9", None));
        await canned.DeleteAsync("cr_1", None);
        await canned.DeleteAsync("cr_missing", None);
        Assert.Null(await canned.FindAsync("cr_1", None));
    }
}

/// <summary>What every IAuditStore promises: newest first (same instant: latest written first), filters, paging, total.</summary>
public abstract class AuditStoreContract : StoreContract
{
    [SkippableFact]
    public async Task Entries_list_newest_first_and_same_instant_latest_written_first()
    {
        var audit = Store.Audit;
        AuditEntry E(string id, DateTimeOffset at, string staff = "s_1", string subject = "c_1") =>
            new(id, at, staff, "Wang", StaffRoles.Admin, AuditActions.TranscriptViewed, subject, null);
        await audit.AddAsync(E("au_1", T0), None);
        await audit.AddAsync(E("au_2", T0.AddMinutes(1)), None);
        await audit.AddAsync(E("au_3", T0.AddMinutes(1), "s_2", "c_2"), None);
        await audit.AddAsync(E("au_4", T0.AddMinutes(2), "s_2"), None);

        async Task<(string, int)> List(AuditQuery q)
        {
            var (items, total) = await audit.ListAsync(q, None);
            return (string.Join(" ", items.Select(e => e.Id)), total);
        }

        Assert.Equal(("au_4 au_3 au_2 au_1", 4), await List(new AuditQuery(null, null, null, null, 0, 10)));
        Assert.Equal(("au_3 au_2", 4), await List(new AuditQuery(null, null, null, null, 1, 2)));
        Assert.Equal(("au_3 au_2", 2), await List(new AuditQuery(T0.AddMinutes(1), T0.AddMinutes(2), null, null, 0, 10)));
        Assert.Equal(("au_4 au_3", 2), await List(new AuditQuery(null, null, "s_2", null, 0, 10)));
        Assert.Equal(("au_3", 1), await List(new AuditQuery(null, null, "s_2", "c_2", 0, 10)));
        var (entries, _) = await audit.ListAsync(new AuditQuery(null, null, null, "c_2", 0, 1), None);
        Assert.Equal([E("au_3", T0.AddMinutes(1), "s_2", "c_2")], entries);
    }
}
