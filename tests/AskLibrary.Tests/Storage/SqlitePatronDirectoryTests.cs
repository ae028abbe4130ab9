using AskLibrary.Chat.Contracts;
using AskLibrary.Patrons;
using AskLibrary.Storage;
using AskLibrary.Storage.Sqlite;
using FsCheck;
using FsCheck.Fluent;

namespace AskLibrary.Tests.Storage;

/// <summary>
/// The patron directory on a real SQLite file: visitors stored before the migration are found by card and email, and the
/// SQL that indexes visitors' card numbers and emails normalizes exactly as PatronKeys does.
/// </summary>
public sealed class SqlitePatronDirectoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
    private readonly TempSqliteFile _file = new("patrons");

    private SqliteDatabase Db => _file.Database;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    private static Visitor VisitorWith(string id, string? email, string? card) => new(id, new PatronDetails(null, email, card), T0, T0);

    [Fact]
    public async Task Visitors_stored_before_the_migration_are_found_by_normalized_card_number_and_email()
    {
        // 6: the schema before patron records (the migration that adds them is the next one).
        await SqliteSchema.MigrateAsync(Db, 7, CancellationToken.None);
        var visitors = new SqliteVisitorStore(Db);
        await visitors.UpsertAsync(VisitorWith("v_card", null, "2020-123 456"), CancellationToken.None);
        await visitors.UpsertAsync(VisitorWith("v_mail", "ZW@Example.edu.cn", null), CancellationToken.None);
        await visitors.UpsertAsync(VisitorWith("v_both", "zw@example.edu.cn", "999"), CancellationToken.None);
        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);

        var directory = new SqlitePatronDirectory(Db);
        Assert.Equal(["v_card"], (await directory.FindVisitorsAsync("2020123456", null, CancellationToken.None)).Select(v => v.Id));
        // By email only the visitors that gave no card: v_both is identified by its card.
        Assert.Equal(["v_mail"], (await directory.FindVisitorsAsync(null, "zw@example.edu.cn", CancellationToken.None)).Select(v => v.Id));
        var shared = Assert.Single(await directory.ListSharedValuesAsync(10, CancellationToken.None));
        Assert.Equal(("email", "zw@example.edu.cn"), (shared.Kind, shared.Value));
        Assert.Equal(["v_both", "v_mail"], shared.VisitorIds.Order());
    }

    [Fact]
    public async Task Sql_normalization_of_card_numbers_and_emails_matches_PatronKeys_for_any_text()
    {
        await SqliteSchema.MigrateAsync(Db, CancellationToken.None);
        await using var connection = await Db.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        // The expressions of the generated columns visitors.card_key and visitors.email_key, applied to a parameter.
        command.CommandText = """
            SELECT nullif(upper(replace(replace(replace(trim($v), ' ', ''), '-', ''), '.', '')), ''), nullif(lower(trim($v)), '')
            """;
        var parameter = command.Parameters.Add("$v", Microsoft.Data.Sqlite.SqliteType.Text);
        var text = Gen.Elements('a', 'Z', 'q', 'Q', '0', '9', ' ', '-', '.', '@', 'ä', 'Ä', 'ß', 'İ', 'ı', 'Ｚ', '图', '\t')
            .ArrayOf().Select(chars => new string(chars));
        Prop.ForAll(text.ToArbitrary(), value =>
        {
            parameter.Value = value;
            using var reader = command.ExecuteReader();
            reader.Read();
            var card = reader.IsDBNull(0) ? null : reader.GetString(0);
            var email = reader.IsDBNull(1) ? null : reader.GetString(1);
            return card == PatronKeys.Card(value) && email == PatronKeys.Email(value);
        }).QuickCheckThrowOnFailure();
    }
}
