using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace AskLibrary.Knowledge.Search;

/// <summary>
/// Lucene tokenizer over <see cref="TextTokenPlanner"/>: folds the whole field (width, traditional→simplified,
/// one-to-one so offsets stay true to the original text), then emits the planned tokens. Han positions
/// advance per character so that a word and the sub-words inside it overlap, as jieba's search mode does.
/// </summary>
internal sealed class ChineseTokenizer : Tokenizer
{
    private readonly ChineseLexicon _lexicon;
    private readonly TextTokenPlanner _planner;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _position;
    private readonly ITypeAttribute _type;
    private char[] _text = [];
    private List<PlannedToken> _tokens = [];
    private int _next;

    public ChineseTokenizer(TextReader input, ChineseLexicon lexicon, TextTokenPlanner planner) : base(input)
    {
        _lexicon = lexicon;
        _planner = planner;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
    }

    public override void Reset()
    {
        base.Reset();
        // Knowledge-base fields and queries are small: reading the whole field keeps segmentation simple.
        _text = m_input.ReadToEnd().ToCharArray();
        _lexicon.Folding.FoldInPlace(_text);
        _tokens = _planner.Plan(_text);
        _next = 0;
    }

    public override bool IncrementToken()
    {
        if (_next >= _tokens.Count) return false;
        ClearAttributes();
        var token = _tokens[_next];
        bool samePlace = _next > 0 && _tokens[_next - 1].Start == token.Start;
        _next++;
        var span = _text.AsSpan(token.Start, token.Length);
        if (token.Type == TokenTypes.JoinedLatin)
        {
            _term.SetEmpty();
            foreach (var c in span) if (c != '-') _term.Append(c);
        }
        else _term.CopyBuffer(_text, token.Start, token.Length);
        _position.PositionIncrement = samePlace ? 0 : 1;
        _offset.SetOffset(CorrectOffset(token.Start), CorrectOffset(token.Start + token.Length));
        _type.Type = token.Type;
        return true;
    }

    public override void End()
    {
        base.End();
        int final = CorrectOffset(_text.Length);
        _offset.SetOffset(final, final);
    }
}
