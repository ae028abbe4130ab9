using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace AskLibrary.Tests.Security;

/// <summary>FsCheck generators for hostile input: wrong types, huge and odd strings, nested junk, out-of-range numbers.</summary>
public static class Fuzz
{
    public const int HubMessageLimitBytes = 32 * 1024;

    private static readonly string[] Nasty =
    [
        "", " ", "\0", "\u200b", "\ud800", "null", "undefined", "NaN", "-1", "9999999999999999999999", "1e309",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "'; DROP TABLE messages; --",
        "../../etc/passwd", "%00", "%2e%2e%2f", "{{7*7}}", "${jndi:ldap://x}", "c_", "c_aaaaaaaaaaaaaaaa", "general", "research",
        "续借图书", "圖書館", "ＡＢＣ１２３", "🙂🙂🙂", "\r\n\r\n", new string('a', 65), new string('长', 4001),
    ];

    /// <summary>Strings from empty to well past every limit, including ones that break the 32 KB message cap.</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (5, Gen.Elements(Nasty)),
        (4, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")),
        (1, Gen.Choose(1, 70_000).Select(n => new string('x', n))),
        (1, Gen.Choose(1, 3000).Select(n => string.Concat(Enumerable.Repeat("图书馆<b>", n)))));

    private static Gen<object?> Scalar { get; } = Gen.OneOf(
        Gen.Constant<object?>(null),
        ArbMap.Default.GeneratorFor<bool>().Select(b => (object?)b),
        ArbMap.Default.GeneratorFor<int>().Select(i => (object?)i),
        Gen.Elements<object?>(int.MinValue, int.MaxValue, long.MaxValue, -1L, 0, double.MaxValue, 1.5),
        Text.Select(s => (object?)s));

    /// <summary>Any JSON value: scalars, arrays and objects with plausible or random keys, a few levels deep.</summary>
    public static Gen<object?> Value { get; } = Gen.Sized(size => ValueOfDepth(Math.Min(size / 20, 2)));

    private static Gen<object?> ValueOfDepth(int depth) => depth <= 0 ? Scalar : Gen.Frequency(
        (6, Scalar),
        (1, ValueOfDepth(depth - 1).ListOf().Select(l => (object?)l.Take(8).ToArray())),
        (2, Gen.Zip(Gen.Elements(Keys).ListOf(), ValueOfDepth(depth - 1).ListOf()).Select(pair =>
            (object?)pair.Item1.Zip(pair.Item2).Take(8).GroupBy(kv => kv.First).ToDictionary(g => g.Key, g => g.First().Second))));

    private static readonly string[] Keys =
    [
        "queueId", "question", "clientMessageId", "patron", "language", "name", "email", "cardNumber", "conversationId",
        "toQueueId", "toStaffId", "note", "clientRequestId", "title", "text", "shared", "body", "status", "id", "tags", "x",
    ];

    /// <summary>
    /// A value of the right JSON shape for a parameter type with hostile contents, so that binding succeeds
    /// and the service's own validation is what answers.
    /// </summary>
    public static Gen<object?> Typed(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
            return Gen.OrNull(Typed(underlying));
        if (type == typeof(string))
            return Gen.Frequency((4, Text.Select(t => (object?)t)), (1, Gen.Constant<object?>(null)));
        if (type == typeof(int) || type == typeof(long))
            return Gen.Frequency((3, Gen.Choose(-5, 70).Select(i => (object?)i)), (1, Gen.Elements<object?>(int.MinValue, int.MaxValue, 0, -1, 100_000)));
        if (type == typeof(bool))
            return ArbMap.Default.GeneratorFor<bool>().Select(b => (object?)b);
        if (type.IsEnum)
            return Gen.OneOf(
                Gen.Elements(Enum.GetNames(type)).Select(n => (object?)System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n)),
                Text.Where(t => t.Length < 100).Select(t => (object?)t));
        var properties = type.GetProperties().Where(p => p.CanRead).ToArray();
        return properties.Select(p => Typed(p.PropertyType).Select(v => (p.Name, v))).ToArray()
            .Aggregate(Gen.Constant(new List<(string, object?)>()), (acc, next) => acc.SelectMany(list => next.Select(item => new List<(string, object?)>(list) { item })))
            .Select(fields => (object?)fields.ToDictionary(f => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(f.Item1), f => f.Item2));
    }

    /// <summary>Argument lists of any length for a hub method.</summary>
    public static Gen<object?[]> Arguments { get; } = Gen.Choose(0, 4).SelectMany(n => Value.ArrayOf(n));

    /// <summary>An HTTP body: JSON of any shape, broken JSON, or not JSON at all.</summary>
    public static Gen<(string ContentType, byte[] Body)> Body { get; } = Gen.Frequency(
        (6, Value.Select(v => ("application/json", Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(v))))),
        (2, Text.Select(t => ("application/json", Encoding.UTF8.GetBytes("{\"" + t)))),
        (1, Text.Select(t => ("text/plain", Encoding.UTF8.GetBytes(t)))),
        (1, Text.Select(t => ("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes("title=" + Uri.EscapeDataString(t))))),
        (1, Gen.Choose(1, 3).Select(n => ("application/json", Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("{\"a\":[1,2,3]}", n * 100_000)) + "]")))));

    /// <summary>A path segment: ids, junk and encodings of traversal attempts.</summary>
    public static Gen<string> Segment { get; } = Gen.Frequency(
        (3, Gen.Elements("a1", "c_abcdefghijkl", "1", "0", "-1", "999999", "renew-books", "v_" + new string('z', 30))),
        (2, Text.Where(t => t.Length < 300).Select(Uri.EscapeDataString)));

    /// <summary>A query string over the parameter names the APIs read, with hostile values.</summary>
    public static Gen<string> Query { get; } = Gen.Zip(
            Gen.Elements("q", "status", "category", "language", "lang", "from", "to", "queue", "page", "days", "returnUrl", "x").ListOf(),
            Text.Where(t => t.Length < 3000).ListOf())
        .Select(pair => string.Join("&", pair.Item1.Zip(pair.Item2).Take(5).Select(kv => kv.First + "=" + Uri.EscapeDataString(kv.Second))));
}
