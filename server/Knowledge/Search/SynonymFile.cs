namespace AskLibrary.Knowledge.Search;

/// <summary>
/// kb/synonyms.txt as a live file: editors change it and the next query uses it, no restart or reindex
/// (synonyms are expanded at query time). The file's timestamp is checked at most once an interval, so a busy
/// suggestion endpoint does not stat the file on every keystroke.
/// </summary>
internal sealed class SynonymFile(string? path, TimeSpan checkInterval, TextTokenPlanner planner, CharacterFolding folding)
{
    private readonly long _checkIntervalMs = (long)checkInterval.TotalMilliseconds;
    private readonly Lock _reloadLock = new();
    private volatile SynonymSet _current = SynonymSet.Empty;
    private DateTime _loadedStamp = DateTime.MinValue;
    private long _nextCheck;

    public string? Path => path;

    /// <summary>The last successfully parsed set; a file that fails to read keeps the previous one.</summary>
    public SynonymSet Current
    {
        get
        {
            if (path is not null && Environment.TickCount64 >= Interlocked.Read(ref _nextCheck)) ReloadIfChanged();
            return _current;
        }
    }

    public Exception? LastError { get; private set; }

    public void ReloadIfChanged()
    {
        if (path is null) return;
        lock (_reloadLock)
        {
            Interlocked.Exchange(ref _nextCheck, Environment.TickCount64 + _checkIntervalMs);
            try
            {
                var stamp = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
                if (stamp == _loadedStamp) return;
                _current = stamp == DateTime.MinValue
                    ? SynonymSet.Empty
                    : SynonymSet.Parse(File.ReadAllLines(path), planner, folding);
                _loadedStamp = stamp;
                LastError = null;
            }
            catch (IOException e) { LastError = e; }
            catch (UnauthorizedAccessException e) { LastError = e; }
        }
    }
}
