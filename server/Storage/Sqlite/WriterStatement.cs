using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AskLibrary.Storage.Sqlite;

/// <summary>
/// A statement of the writer's connection prepared once and run through SQLite's own API, for the writes that run for
/// every message: binding a string passes its UTF-16 characters straight to SQLite, and a run allocates nothing. The
/// driver's command for the same statement created a reader, a binder per parameter, a UTF-8 copy of every string and
/// a task per call — a sixth of what the server allocated under load, and a tenth of the writer's time
/// (docs/performance.md). Get one from <see cref="SqliteDatabase.Prepared"/>, bind, <see cref="Run.Step"/>, read, and
/// dispose the run (<see cref="Run"/>), which resets the statement for the next caller; the writer finalizes it with
/// its connection.
/// </summary>
public sealed class WriterStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly Dictionary<string, int> _parameters = new(StringComparer.Ordinal);

    internal WriterStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The writer's connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
        for (var i = 1; i <= raw.sqlite3_bind_parameter_count(_statement); i++)
            _parameters[raw.sqlite3_bind_parameter_name(_statement, i).utf8_to_string()] = i;
    }

    /// <summary>Starts a run: bind its parameters, step it, read its row; disposing the run resets the statement.</summary>
    public Run Start()
    {
        raw.sqlite3_reset(_statement); // in case a run threw before it was disposed
        return new Run(this);
    }

    /// <summary>One use of the statement; the values bound and the row read belong to it.</summary>
    public readonly struct Run(WriterStatement statement) : IDisposable
    {
        private sqlite3_stmt Handle => statement._statement;

        public Run Bind(string name, string? value)
        {
            // SQLite copies the characters (SQLITE_TRANSIENT). An empty string stays empty, not NULL: the store's contract
            // tests read one back.
            var rc = value is null
                ? raw.sqlite3_bind_null(Handle, statement.Index(name))
                : raw.sqlite3_bind_text16(Handle, statement.Index(name), value.AsSpan());
            SqliteException.ThrowExceptionForRC(rc, statement._db);
            return this;
        }

        public Run Bind(string name, long value)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(Handle, statement.Index(name), value), statement._db);
            return this;
        }

        public Run Bind(string name, double value)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_double(Handle, statement.Index(name), value), statement._db);
            return this;
        }

        /// <summary>True when the statement produced a row (read it with the column methods), false when it is done.</summary>
        public bool Step()
        {
            var rc = raw.sqlite3_step(Handle);
            if (rc == raw.SQLITE_ROW)
                return true;
            if (rc == raw.SQLITE_DONE)
                return false;
            SqliteException.ThrowExceptionForRC(rc, statement._db);
            throw new InvalidOperationException($"sqlite3_step returned {rc}."); // not reached: rc is an error code
        }

        /// <summary>Rows changed by the INSERT, UPDATE or DELETE just stepped.</summary>
        public int Changes => raw.sqlite3_changes(statement._db);

        public bool IsNull(int column) => raw.sqlite3_column_type(Handle, column) == raw.SQLITE_NULL;

        public long Int64(int column) => raw.sqlite3_column_int64(Handle, column);

        public void Dispose()
        {
            // Resetting returns the error of a failed step again; Step has reported it already.
            raw.sqlite3_reset(Handle);
            raw.sqlite3_clear_bindings(Handle);
        }
    }

    private int Index(string name) =>
        _parameters.TryGetValue(name, out var index) ? index : throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));

    /// <summary>Finalizes the statement; the writer does so before it closes its connection.</summary>
    public void Dispose() => _statement.Dispose();
}
