using AskLibrary.Knowledge.Articles;
using AskLibrary.Patrons;
using AskLibrary.Tickets;

namespace AskLibrary.Storage.Sqlite;

public sealed class SqlitePatronActivityStore(SqliteDatabase db) : IPatronActivityStore
{
    public Task<IReadOnlyList<Ticket>> ListTicketsAsync(string visitorId, IReadOnlyCollection<string> conversationIds, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Ticket>>(async connection =>
        {
            var names = conversationIds.Select((id, i) => (Name: "$c" + i, Id: id)).ToList();
            var byChat = names.Count == 0 ? "" : $" OR conversation_id IN ({string.Join(", ", names.Select(n => n.Name))})";
            await using var list = connection.Command(
                $"SELECT doc FROM tickets WHERE visitor_id = $visitor{byChat} ORDER BY created_at DESC, id", null,
                [("$visitor", visitorId), .. names.Select(n => (n.Name, (object?)n.Id))]);
            return await list.ReadDocumentsAsync<Ticket>(ct);
        }, ct);

    public Task<IReadOnlyList<KbEvent>> ListKbEventsAsync(string visitorId, int take, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<KbEvent>>(async connection =>
        {
            await using var list = connection.Command(
                "SELECT doc FROM kb_events WHERE visitor_id = $visitor AND kind <> 'Shown' ORDER BY at DESC, id DESC LIMIT $take", null,
                ("$visitor", visitorId), ("$take", take));
            return await list.ReadDocumentsAsync<KbEvent>(ct);
        }, ct);

    public Task<int> ForgetKbEventsAsync(string visitorId, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var forget = connection.Command(
                "UPDATE kb_events SET visitor_id = NULL, doc = json_remove(doc, '$.visitorId', '$.query') WHERE visitor_id = $visitor", tx,
                ("$visitor", visitorId));
            return await forget.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<int> ForgetKbEventsBeforeAsync(DateTimeOffset before, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var forget = connection.Command(
                "UPDATE kb_events SET visitor_id = NULL, doc = json_remove(doc, '$.visitorId', '$.query') WHERE visitor_id IS NOT NULL AND at < $before", tx,
                ("$before", before.ToUnixMs()));
            return await forget.ExecuteNonQueryAsync(ct);
        }, ct);
}
