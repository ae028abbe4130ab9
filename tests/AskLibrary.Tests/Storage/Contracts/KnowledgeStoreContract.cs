using AskLibrary.Knowledge.Articles;
using static AskLibrary.Tests.Storage.Contracts.StoreSamples;

namespace AskLibrary.Tests.Storage.Contracts;

/// <summary>What every IKnowledgeStore promises: optimistic versions with history, event counts, knowledge gaps.</summary>
public abstract class KnowledgeStoreContract : StoreContract
{
    private static string Json(object? value) => AskLibrary.Storage.StorageJson.Serialize(value);

    [SkippableFact]
    public async Task Each_save_must_follow_the_stored_version_and_is_kept_in_the_history()
    {
        var kb = Store.Knowledge;
        Assert.True(await kb.SaveAsync(Article("kb_1"), "created", None));
        Assert.False(await kb.SaveAsync(Article("kb_1", title: "someone else's first version"), "created", None));
        Assert.True(await kb.SaveAsync(Article("kb_1", 2, "开馆时间（新）"), "title", None));
        Assert.False(await kb.SaveAsync(Article("kb_1", 2, "stale editor"), "stale", None));
        Assert.False(await kb.SaveAsync(Article("kb_1", 4), "skipping a version", None));
        Assert.True(await kb.SaveAsync(Article("kb_0"), "created", None));

        Assert.Equal(Json(Article("kb_1", 2, "开馆时间（新）")), Json(await kb.FindAsync("kb_1", None)));
        Assert.Equal(["kb_0", "kb_1"], (await kb.ListAsync(None)).Select(a => a.Id));
        var history = await kb.ListVersionsAsync("kb_1", None);
        Assert.Equal([(2, "title"), (1, "created")], history.Select(v => (v.Version, v.Change)));
        Assert.Equal(Json(new KbArticleVersion("kb_1", 1, Article("kb_1").UpdatedAt, "s_1", "created", Article("kb_1"))), Json(history[1]));
        Assert.Null(await kb.FindAsync("kb_missing", None));
    }

    [SkippableFact]
    public async Task Of_two_editors_saving_the_same_version_at_once_exactly_one_wins()
    {
        var kb = Store.Knowledge;
        await kb.SaveAsync(Article("kb_1"), "created", None);
        var saves = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => kb.SaveAsync(Article("kb_1", 2, $"editor {i}"), $"editor {i}", None))));
        Assert.Single(saves, saved => saved);
        var winner = (await kb.FindAsync("kb_1", None))!;
        // Each editor's change note is their title, so the history must hold the winner's save and nothing else.
        Assert.Equal([(2, winner.Title), (1, "created")], (await kb.ListVersionsAsync("kb_1", None)).Select(v => (v.Version, v.Change)));
        Assert.Equal(winner.Title, (await kb.ListVersionsAsync("kb_1", None))[0].Snapshot.Title);
    }

    [SkippableFact]
    public async Task Events_are_counted_per_article_and_kind()
    {
        var kb = Store.Knowledge;
        foreach (var kind in new[] { KbEventKind.Shown, KbEventKind.Shown, KbEventKind.Opened, KbEventKind.NotHelpful, KbEventKind.Helpful, KbEventKind.Inserted, KbEventKind.Inserted, KbEventKind.Inserted })
            await kb.AddEventAsync(new KbEvent("kb_1", kind, "hours", "v_1", null, T0), None);
        await kb.AddEventAsync(new KbEvent("kb_2", KbEventKind.Shown, null, null, "s_1", T0), None);
        var stats = await kb.CountEventsAsync(None);
        Assert.Equal(new KbArticleStats(2, 1, 3, 1, 1), stats["kb_1"]);
        Assert.Equal(new KbArticleStats(1, 0, 0, 0, 0), stats["kb_2"]);
        Assert.Equal(2, stats.Count);
    }

    [SkippableFact]
    public async Task Poorly_answered_questions_list_newest_first_since_a_time()
    {
        var kb = Store.Knowledge;
        KbQuestion Q(string id, float score, DateTimeOffset at) => new(id, "question " + id, "widget", null, score > 0 ? "kb_1" : null, score, at);
        await kb.AddQuestionAsync(Q("kq_old", 0.1f, T0.AddDays(-10)), None);
        await kb.AddQuestionAsync(Q("kq_1", 0.2f, T0), None);
        await kb.AddQuestionAsync(Q("kq_2", 0f, T0.AddHours(1)), None);
        await kb.AddQuestionAsync(Q("kq_good", 0.9f, T0.AddHours(2)), None);
        await kb.AddQuestionAsync(Q("kq_edge", 0.5f, T0.AddHours(3)), None);
        Assert.Equal(["kq_2", "kq_1"], (await kb.ListPoorlyAnsweredAsync(0.5f, T0.AddDays(-1), 10, None)).Select(q => q.Id));
        Assert.Equal(["kq_2"], (await kb.ListPoorlyAnsweredAsync(0.5f, T0.AddDays(-1), 1, None)).Select(q => q.Id));
        Assert.Equal(Q("kq_1", 0.2f, T0), (await kb.ListPoorlyAnsweredAsync(0.5f, T0, 10, None)).Last());
    }
}
