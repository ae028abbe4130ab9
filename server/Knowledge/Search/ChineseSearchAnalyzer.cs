using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// The analysis chain for every knowledge-base text field, at index and at query time:
/// fold (width, traditional→simplified) → segment (dictionary words, sub-words, optional unigrams/bigrams)
/// → lowercase → drop stop words → Porter-stem Latin tokens only (stemming Han tokens would be meaningless).
/// Synonyms are not in this chain: they are expanded at query time so that editing kb/synonyms.txt takes
/// effect on the next query without reindexing.
/// </summary>
internal sealed class ChineseSearchAnalyzer(ChineseLexicon lexicon, HanTokens han) : Analyzer
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private readonly TextTokenPlanner _planner = new(lexicon, han);

    public TextTokenPlanner Planner => _planner;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new ChineseTokenizer(reader, lexicon, _planner);
        TokenStream stream = new LowerCaseFilter(Version, tokenizer);
        stream = new StopFilter(Version, stream, StopWords.Set);
        stream = new MarkNonLatinAsKeyword(stream);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }

    /// <summary>Analyzed terms with their types, source offsets and position increments: for indexing, queries and snippets.</summary>
    public List<AnalyzedTerm> Analyze(string text)
    {
        var terms = new List<AnalyzedTerm>();
        if (text.Length == 0) return terms;
        using var stream = GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var position = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            terms.Add(new AnalyzedTerm(term.ToString(), type.Type, offset.StartOffset, offset.EndOffset, position.PositionIncrement));
        stream.End();
        return terms;
    }

    /// <summary>Porter stemming honours the keyword flag; Han tokens carry it so they pass unchanged.</summary>
    private sealed class MarkNonLatinAsKeyword(TokenStream input) : KeywordMarkerFilter(input)
    {
        private readonly ITypeAttribute _type = input.AddAttribute<ITypeAttribute>();

        protected override bool IsKeyword() => !TokenTypes.IsLatin(_type.Type);
    }
}

internal readonly record struct AnalyzedTerm(string Text, string Type, int Start, int End, int PositionIncrement = 1);
