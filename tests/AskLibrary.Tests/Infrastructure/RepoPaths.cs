namespace AskLibrary.Tests.Infrastructure;

/// <summary>Finds the repository from the test binaries, so tests read the real server folder and protocol.ts.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Server => Path.Combine(Root, "server");

    public static string SharedEval => Path.GetFullPath(Path.Combine(Root, "..", "shared", "eval"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AskLibrary.sln")))
                return dir.FullName;
        throw new InvalidOperationException("AskLibrary.sln not found above " + AppContext.BaseDirectory);
    }
}
