using AskLibrary.Tests.Infrastructure;

namespace AskLibrary.Tests.Knowledge;

/// <summary>
/// An operator who has not installed the Chinese word dictionary is told at start, in the server's own
/// process, which Debian package to install or which setting to change, rather than meeting a failing
/// search on the first patron question.
/// </summary>
public sealed class MissingSearchDataTests
{
    [Fact]
    public async Task The_server_does_not_start_without_its_word_dictionary_and_names_the_package_to_install()
    {
        var missing = Path.Combine(Path.GetTempPath(), "asklib-no-dict-" + Guid.NewGuid().ToString("N"), "dict.txt");
        await using var server = new ServerProcess(new Dictionary<string, string>
        {
            ["Knowledge__Search__WordDictionaryPath"] = missing,
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(server.StartAsync);

        Assert.Contains("exited with code", failure.Message);
        Assert.Contains($"'{missing}' is missing", failure.Message);
        Assert.Contains("apt-get install python3-jieba", failure.Message);
        Assert.Contains("Knowledge:Search:WordDictionaryPath", failure.Message);
    }
}
