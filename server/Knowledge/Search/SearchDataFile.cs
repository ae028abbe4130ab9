namespace AskLibrary.Knowledge.Search;

/// <summary>Fails at start with the Debian package to install, rather than deep inside a search.</summary>
internal static class SearchDataFile
{
    public static string Require(string path, string debianPackage, string optionName)
    {
        if (File.Exists(path)) return path;
        throw new FileNotFoundException(
            $"Search data file '{path}' is missing. Install the Debian package '{debianPackage}' " +
            $"(apt-get install {debianPackage}, or run scripts/ensure-deps.sh) or set Knowledge:Search:{optionName}.",
            path);
    }
}
