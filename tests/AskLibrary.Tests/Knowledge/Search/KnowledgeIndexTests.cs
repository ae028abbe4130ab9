using AskLibrary.Knowledge;
using AskLibrary.Knowledge.Search;
using static AskLibrary.Tests.Knowledge.Search.SearchTestData;

namespace AskLibrary.Tests.Knowledge.Search;

public sealed class KnowledgeIndexTests : IDisposable
{
    private readonly KnowledgeIndex _index = KnowledgeIndex.CreateInMemory(Options);

    private static readonly KbArticle Renewal = Article("renewal", "图书续借", "登录“我的图书馆”即可在线续借，每本书可续借一次，续借期限为30天。", "续借", "到期");
    private static readonly KbArticle Hours = Article("main-library-hours", "总馆开放时间", "总馆周一至周日 8:00–22:00 开放，闭馆前30分钟停止借还。", "开放时间");
    private static readonly KbArticle Printing = Article("printing", "打印与复印", "一楼设有自助打印机，支持手机扫码打印。", "打印");

    public void Dispose() => _index.Dispose();

    [Fact]
    public void Upserted_article_is_found_by_the_very_next_query()
    {
        _index.Upsert(Renewal);
        Assert.Equal("renewal", Assert.Single(_index.Search("书到期了怎么续借")).Id);
    }

    [Fact]
    public void Upserting_the_same_id_replaces_the_article()
    {
        _index.Upsert(Renewal);
        _index.Upsert(Renewal with { Title = "图书续借（网上办理）" });
        var hit = Assert.Single(_index.Search("续借"));
        Assert.Equal("图书续借（网上办理）", hit.Title);
        Assert.Equal(1, _index.Count);
    }

    [Fact]
    public void Deleted_article_is_gone_from_the_next_query()
    {
        _index.Upsert(Renewal);
        _index.Delete("renewal");
        Assert.Empty(_index.Search("续借"));
    }

    [Fact]
    public void Rebuild_leaves_one_segment_that_answers_like_the_edits_did()
    {
        // Each upsert commits a segment of its own; a rebuild (as at start when the index is stale) merges into one,
        // because every segment costs each suggestion a term lookup per term and field.
        var articles = Enumerable.Range(0, 12).Select(i => Renewal with { Id = $"renewal-{i}", Title = $"图书续借 {i}" })
            .Append(Hours).Append(Printing).ToList();
        foreach (var article in articles) _index.Upsert(article);
        var before = _index.Search("续借", top: 20).Select(h => h.Id).Order().ToList();

        _index.Rebuild(articles);

        Assert.Equal(1, _index.SegmentCount);
        Assert.Equal(before, _index.Search("续借", top: 20).Select(h => h.Id).Order().ToList());
        Assert.Equal(12, before.Count(id => id.StartsWith("renewal-", StringComparison.Ordinal)));
        Assert.Equal("printing", _index.Search("自助打印").First().Id);
    }

    [Fact]
    public void Traditional_query_finds_simplified_article()
    {
        _index.Rebuild([Renewal, Hours, Printing]);
        Assert.Equal("main-library-hours", _index.Search("總館幾點閉館").First().Id);
    }

    [Fact]
    public void Pinyin_typo_finds_the_word_it_sounds_like()
    {
        _index.Rebuild([Renewal, Hours, Printing]);
        Assert.Equal("printing", _index.Search("打引机在几楼").First().Id);   // 引 yin for 印 yin
    }

    [Fact]
    public void Title_match_outranks_a_passing_mention_in_the_body()
    {
        _index.Rebuild([Renewal, Printing with { BodyMarkdown = Printing.BodyMarkdown + "打印前请先续借图书。" }]);
        Assert.Equal("renewal", _index.Search("续借").First().Id);
    }

    [Fact]
    public void Patrons_never_see_drafts_or_staff_articles()
    {
        _index.Rebuild([Renewal with { Status = KbStatus.Draft }, Hours with { Audience = KbAudience.Staff }, Printing]);
        Assert.Empty(_index.Search("续借"));
        Assert.Empty(_index.Search("开放时间"));
        Assert.Single(_index.Search("开放时间", filter: KbSearchFilter.StaffView));
    }

    [Fact]
    public void Snippet_marks_matches_and_escapes_html_from_the_article()
    {
        _index.Upsert(Article("xss", "打印须知", "打印<script>alert(1)</script>请到一楼"));
        var snippet = _index.Search("打印").Single().SnippetHtml;
        Assert.Contains("<mark>打印</mark>", snippet);
        Assert.DoesNotContain("<script>", snippet);
        Assert.Contains("&lt;script&gt;", snippet);
    }

    [Fact]
    public async Task Searches_keep_answering_while_articles_are_written()
    {
        _index.Upsert(Hours);
        var writer = Task.Run(() =>
        {
            for (int i = 0; i < 50; i++) _index.Upsert(Article($"note-{i}", $"通知{i}", "图书馆开放时间调整"));
        });
        while (!writer.IsCompleted) Assert.NotEmpty(_index.Search("开放时间"));
        await writer;
        Assert.Equal(51, _index.Count);
    }

    [Fact]
    public void Index_on_disk_survives_reopening()
    {
        var path = Path.Combine(Path.GetTempPath(), "asklibrary-kb-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var index = KnowledgeIndex.Open(path, Options)) index.Upsert(Renewal);
            using var reopened = KnowledgeIndex.Open(path, Options);
            Assert.Equal("renewal", reopened.Search("续借").Single().Id);
            Assert.Equal("renewal", reopened.Search("续接").Single().Id);   // homophones come back from the index's terms
        }
        finally { Directory.Delete(path, recursive: true); }
    }
}
