using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;
using static AskLibrary.Tests.Storage.Contracts.StoreSamples;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>
/// What every IPatronDirectory promises: records keyed by card and found by normalized email, expiry deletes, a patron's
/// visitors by normalized card or (without a card) email, one active merge per source, and the values several hold.
/// </summary>
public abstract class PatronDirectoryContract : StoreContract
{
    private static Visitor VisitorWith(string id, string? email, string? card) => new(id, new PatronDetails(null, email, card), T0, T0);

    [SkippableFact]
    public async Task Records_are_upserted_by_card_and_found_by_card_and_normalized_email()
    {
        var directory = Store.PatronDirectory;
        var li = Record("2100012345", " Li@Example.org", "+86 10 6275 1234", new DateOnly(2027, 6, 30));
        var zhang = Record("2100099999", "li@example.org");
        var wang = Record("X9", "wang@example.org");
        await directory.SaveRecordsAsync([li, zhang, wang], None);
        Assert.Equal(li, await directory.FindRecordAsync("2100012345", None));
        Assert.Null(await directory.FindRecordAsync("2100012346", None));
        Assert.Equal([li, wang], (await directory.FindRecordsAsync(["X9", "2100012345", "none"], None)).OrderBy(r => r.CardNumber, StringComparer.Ordinal));
        Assert.Empty(await directory.FindRecordsAsync([], None));
        Assert.Equal([li, zhang], await directory.FindRecordsByEmailAsync("li@example.org", None));

        // A re-import replaces the record, and its email with it.
        var moved = li with { Email = "li.ming@example.org", Expires = null, UpdatedAt = T0.AddDays(1) };
        await directory.SaveRecordsAsync([moved], None);
        Assert.Equal(moved, await directory.FindRecordAsync("2100012345", None));
        Assert.Equal([zhang], await directory.FindRecordsByEmailAsync("li@example.org", None));
        Assert.Equal([moved], await directory.FindRecordsByEmailAsync("li.ming@example.org", None));

        await directory.DeleteRecordsAsync(["2100099999", "none"], None);
        Assert.Null(await directory.FindRecordAsync("2100099999", None));
        Assert.Equal([moved, wang], (await directory.FindRecordsAsync(["X9", "2100012345", "2100099999"], None)).OrderBy(r => r.CardNumber, StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Many_records_are_saved_and_found_in_one_call()
    {
        var directory = Store.PatronDirectory;
        var records = Enumerable.Range(0, 1200).Select(i => Record($"C{i:D5}", $"p{i}@example.org")).ToList();
        await directory.SaveRecordsAsync(records, None);
        var found = await directory.FindRecordsAsync(records.Select(r => r.CardNumber).ToList(), None);
        Assert.Equal(records, found.OrderBy(r => r.CardNumber, StringComparer.Ordinal));
        await directory.DeleteRecordsAsync(records.Take(1100).Select(r => r.CardNumber).ToList(), None);
        Assert.Equal(records.Skip(1100), (await directory.FindRecordsAsync(records.Select(r => r.CardNumber).ToList(), None)).OrderBy(r => r.CardNumber, StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Records_whose_card_expired_before_the_date_are_deleted_and_counted()
    {
        var directory = Store.PatronDirectory;
        var lastYear = Record("A1", expires: new DateOnly(2025, 12, 31));
        var yesterday = Record("A2", expires: new DateOnly(2026, 11, 23));
        var today = Record("A3", expires: new DateOnly(2026, 11, 24));
        var never = Record("A4");
        await directory.SaveRecordsAsync([lastYear, yesterday, today, never], None);
        Assert.Equal(2, await directory.DeleteRecordsExpiredBeforeAsync(new DateOnly(2026, 11, 24), None));
        Assert.Equal([today, never], (await directory.FindRecordsAsync(["A1", "A2", "A3", "A4"], None)).OrderBy(r => r.CardNumber, StringComparer.Ordinal));
        Assert.Equal(0, await directory.DeleteRecordsExpiredBeforeAsync(new DateOnly(2026, 11, 24), None));
    }

    [SkippableFact]
    public async Task Visitors_are_found_by_normalized_card_or_without_a_card_by_normalized_email()
    {
        var visitors = Store.Visitors;
        await visitors.UpsertAsync(VisitorWith("v_card", null, " 2020-123 456."), None);
        await visitors.UpsertAsync(VisitorWith("v_card_lower", "other@example.org", "2020123456"), None);
        await visitors.UpsertAsync(VisitorWith("v_mail", "ZW@Example.edu.cn ", null), None);
        await visitors.UpsertAsync(VisitorWith("v_both", "zw@example.edu.cn", "999"), None);
        await visitors.UpsertAsync(VisitorWith("v_blank", " ", " - "), None);
        var directory = Store.PatronDirectory;

        Assert.Equal(["v_card", "v_card_lower"], Ids(await directory.FindVisitorsAsync("2020123456", null, None)));
        Assert.Equal(["v_mail"], Ids(await directory.FindVisitorsAsync(null, "zw@example.edu.cn", None)));
        Assert.Equal(["v_both", "v_mail"], Ids(await directory.FindVisitorsAsync("999", "zw@example.edu.cn", None)));
        Assert.Empty(await directory.FindVisitorsAsync(null, null, None));
        Assert.Empty(await directory.FindVisitorsAsync("", "", None));

        // The keys follow the visitor's details when the visitor is written again.
        await visitors.UpsertAsync(VisitorWith("v_mail", "new@example.org", "abc-1"), None);
        Assert.Empty(await directory.FindVisitorsAsync(null, "zw@example.edu.cn", None));
        Assert.Equal(["v_mail"], Ids(await directory.FindVisitorsAsync("ABC1", null, None)));
        var found = Assert.Single(await directory.FindVisitorsAsync("ABC1", null, None));
        Assert.Equal(VisitorWith("v_mail", "new@example.org", "abc-1"), found);
    }

    private static List<string> Ids(IEnumerable<Visitor> visitors) => [.. visitors.Select(v => v.Id).Order(StringComparer.Ordinal)];

    private static PatronMerge Merge(string id, string source, string target, int minutes) =>
        new(id, source, target, T0.AddMinutes(minutes), "s_1", "Wang");

    [SkippableFact]
    public async Task A_source_has_one_active_merge_and_undone_merges_stay_on_record()
    {
        var directory = Store.PatronDirectory;
        var first = Merge("pm_1", "email:li@example.org", "card:1", 0);
        Assert.True(await directory.AddMergeAsync(first, None));
        Assert.False(await directory.AddMergeAsync(Merge("pm_2", "email:li@example.org", "card:2", 1), None));
        Assert.Null(await directory.FindMergeAsync("pm_2", None));
        Assert.Equal(first, await directory.FindActiveMergeFromAsync("email:li@example.org", None));

        var undone = first with { UndoneAt = T0.AddMinutes(2), UndoneBy = "Zhang" };
        await directory.UndoMergeAsync(undone, None);
        Assert.Null(await directory.FindActiveMergeFromAsync("email:li@example.org", None));
        Assert.Equal(undone, await directory.FindMergeAsync("pm_1", None));

        var again = Merge("pm_3", "email:li@example.org", "card:2", 3);
        Assert.True(await directory.AddMergeAsync(again, None));
        Assert.Equal(again, await directory.FindActiveMergeFromAsync("email:li@example.org", None));
        Assert.Equal(undone, await directory.FindMergeAsync("pm_1", None));
    }

    [SkippableFact]
    public async Task Two_merges_of_one_source_at_once_add_one()
    {
        var directory = Store.PatronDirectory;
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => directory.AddMergeAsync(Merge($"pm_{i}", "visitor:v_1", $"card:{i}", i), None)));
        Assert.Single(results, added => added);
        Assert.NotNull(await directory.FindActiveMergeFromAsync("visitor:v_1", None));
    }

    [SkippableFact]
    public async Task Active_merges_list_by_target_and_newest_first_and_erasure_deletes_every_merge_naming_a_key()
    {
        var directory = Store.PatronDirectory;
        var a = Merge("pm_a", "visitor:v_1", "card:1", 5);
        var b = Merge("pm_b", "visitor:v_2", "card:1", 1);
        var c = Merge("pm_c", "email:x@example.org", "card:2", 3);
        var d = Merge("pm_d", "visitor:v_3", "card:1", 4);
        foreach (var merge in new[] { a, b, c, d })
            Assert.True(await directory.AddMergeAsync(merge, None));
        var undoneD = d with { UndoneAt = T0.AddMinutes(9), UndoneBy = "Wang" };
        await directory.UndoMergeAsync(undoneD, None);

        Assert.Equal([a, b], await directory.ListActiveMergesIntoAsync("card:1", None));
        Assert.Empty(await directory.ListActiveMergesIntoAsync("card:3", None));
        Assert.Equal([a, c, b], await directory.ListActiveMergesAsync(10, None));
        Assert.Equal([a, c], await directory.ListActiveMergesAsync(2, None));

        await directory.DeleteMergesAsync(["card:1"], None);
        Assert.Null(await directory.FindMergeAsync("pm_a", None));
        Assert.Null(await directory.FindMergeAsync("pm_d", None));
        Assert.Equal([c], await directory.ListActiveMergesAsync(10, None));
        await directory.DeleteMergesAsync(["email:x@example.org"], None);
        Assert.Empty(await directory.ListActiveMergesAsync(10, None));
    }

    [SkippableFact]
    public async Task Shared_emails_and_phones_list_their_holders_in_value_order_up_to_take()
    {
        var visitors = Store.Visitors;
        await visitors.UpsertAsync(VisitorWith("v_1", "Shared@Example.org", "111"), None);
        await visitors.UpsertAsync(VisitorWith("v_2", "shared@example.org", null), None);
        await visitors.UpsertAsync(VisitorWith("v_3", "alone@example.org", null), None);
        await visitors.UpsertAsync(VisitorWith("v_4", "a-first@example.org", null), None);
        var directory = Store.PatronDirectory;
        await directory.SaveRecordsAsync(
        [
            Record("R2", "shared@example.org", "010-1234"),
            Record("R1", "a-first@example.org", "(010) 12 34"),
            Record("R3", "only-record@example.org", "555"),
            Record("R4", "only-record@example.org"),
        ], None);

        var shared = await directory.ListSharedValuesAsync(10, None);
        Assert.Equal(
        [
            ("email", "a-first@example.org", "v_4", "R1"),
            ("email", "only-record@example.org", "", "R3,R4"),
            ("email", "shared@example.org", "v_1,v_2", "R2"),
            ("phone", "0101234", "", "R1,R2"),
        ], shared.Select(s => (s.Kind, s.Value, string.Join(',', s.VisitorIds), string.Join(',', s.CardKeys))));
        Assert.Equal(["a-first@example.org", "only-record@example.org"], (await directory.ListSharedValuesAsync(2, None)).Select(s => s.Value));
        Assert.Equal(["a-first@example.org", "only-record@example.org", "shared@example.org"], (await directory.ListSharedValuesAsync(3, None)).Select(s => s.Value));
        Assert.Empty(await directory.ListSharedValuesAsync(0, None));
    }
}
