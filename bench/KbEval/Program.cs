// Knowledge-base retrieval evaluation: indexes a corpus folder through the product's KnowledgeIndex and
// prints MRR@10 and Recall@1/3/5 for a queries file as one JSON object (shared/eval/README.md).
//
//   dotnet run --project bench/KbEval -c Release -- --corpus <dir> --queries <file.jsonl>
//       [--han words,subwords,chars,bigrams] [--no-synonyms] [--no-homophones] [--tfidf] [--field-idf] [--set Knob=value] [--misses] [--explain <query>]
//
// The options switch parts of the analysis off or on, to measure what each contributes (docs/search.md).
// Synonyms and the user dictionary are read from the repository's kb/ folder, as the server reads them.
using System.Text.Json;
using AskLibrary.Knowledge.Search;

var options = CommandLine.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: KbEval --corpus <dir> --queries <file.jsonl> [--han words,subwords,chars,bigrams] [--no-synonyms] [--no-homophones] [--tfidf] [--field-idf] [--set Knob=value] [--misses]");
    return 2;
}

var data = SearchDataOptions.FromRepository(AppContext.BaseDirectory);
var articles = RetrievalEvaluation.ReadCorpus(options.Corpus);
var queries = RetrievalEvaluation.ReadQueries(options.Queries);
using var index = KnowledgeIndex.CreateInMemory(data, options.Tuning);
index.Rebuild(articles);
foreach (var text in options.Explain)
    Console.Error.WriteLine($"{text} => {string.Join(' ', index.ExplainTerms(text).Select(t => $"{t.Key}:{t.Value:0.##}"))}");

var result = RetrievalEvaluation.Run(index, queries, (query, ranked, rank) =>
{
    if (options.ShowMisses && rank != 1)
        Console.Error.WriteLine($"rank {(rank == 0 ? "-" : rank.ToString())}\t{query.Query}\twant {string.Join('|', query.Relevant)}\tgot {string.Join(' ', ranked.Take(3))}");
});
Console.WriteLine(JsonSerializer.Serialize(result));
return 0;

internal sealed record CommandLine(string Corpus, string Queries, SearchTuning Tuning, bool ShowMisses, List<string> Explain)
{
    public static CommandLine? Parse(string[] args)
    {
        string? corpus = null, queries = null;
        var tuning = SearchTuning.Default;
        bool misses = false;
        var explain = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--corpus" when i + 1 < args.Length: corpus = args[++i]; break;
                case "--queries" when i + 1 < args.Length: queries = args[++i]; break;
                case "--han" when i + 1 < args.Length: tuning = tuning with { HanTokens = ParseHan(args[++i]) }; break;
                case "--no-synonyms": tuning = tuning with { ExpandSynonyms = false }; break;
                case "--no-homophones": tuning = tuning with { ExpandHomophones = false }; break;
                case "--tfidf": tuning = tuning with { UseBm25 = false }; break;
                case "--field-idf": tuning = tuning with { ArticleIdf = false }; break;
                case "--misses": misses = true; break;
                case "--set" when i + 1 < args.Length: tuning = WithSetting(tuning, args[++i]); break;
                case "--explain" when i + 1 < args.Length: explain.Add(args[++i]); break;
                default: return null;
            }
        }
        return corpus is null || queries is null ? null : new CommandLine(corpus, queries, tuning, misses, explain);
    }

    /// <summary>"--set BigramWeight=0.5": tries a value of any numeric or boolean knob of <see cref="SearchTuning"/>.</summary>
    private static SearchTuning WithSetting(SearchTuning tuning, string assignment)
    {
        var (name, value) = (assignment.Split('=')[0], assignment.Split('=')[1]);
        var property = typeof(SearchTuning).GetProperty(name) ?? throw new ArgumentException($"no setting '{name}'");
        var copy = tuning with { };
        property.SetValue(copy, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        return copy;
    }

    private static HanTokens ParseHan(string list) =>
        list.Split(',').Aggregate(HanTokens.None, (all, name) => all | name.Trim() switch
        {
            "words" => HanTokens.Words,
            "subwords" => HanTokens.SubWords,
            "chars" => HanTokens.Characters,
            "bigrams" => HanTokens.Bigrams,
            _ => throw new ArgumentException($"unknown Han token kind '{name}'"),
        });
}
