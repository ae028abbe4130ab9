using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// Replays terms that <see cref="ChineseSearchAnalyzer.Analyze"/> already produced, so the index writer does
/// not segment the text a second time: indexing analyses each field once and uses the same terms for the
/// index, the homophone vocabulary and the snippets.
/// </summary>
internal sealed class AnalyzedTokenStream : TokenStream
{
    private readonly List<AnalyzedTerm> _terms;
    private readonly int _finalOffset;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _position;
    private readonly ITypeAttribute _type;
    private int _next;

    public AnalyzedTokenStream(List<AnalyzedTerm> terms, int textLength)
    {
        _terms = terms;
        _finalOffset = textLength;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_next >= _terms.Count) return false;
        ClearAttributes();
        var t = _terms[_next++];
        _term.SetEmpty().Append(t.Text);
        _offset.SetOffset(t.Start, t.End);
        _position.PositionIncrement = t.PositionIncrement;
        _type.Type = t.Type;
        return true;
    }

    public override void End()
    {
        base.End();
        _offset.SetOffset(_finalOffset, _finalOffset);
    }

    public override void Reset()
    {
        base.Reset();
        _next = 0;
    }
}
