using AskLibrary.Web;

namespace AskLibrary.Tests.Web;

/// <summary>
/// The server sizes the runtime's shared array pool for itself as it starts, and an operator's own value wins
/// (docs/operations.md, "Runtime settings"). The variable is process-wide, so these run apart from every other test.
/// </summary>
[Collection(nameof(SharedArrayPoolSizeTests))]
public sealed class SharedArrayPoolSizeTests
{
    [Fact]
    public void Without_a_value_in_the_environment_the_pool_keeps_1024_arrays_of_a_size_per_core() =>
        WithVariable(null, () =>
        {
            SharedArrayPoolSize.Apply();
            Assert.Equal("1024", Environment.GetEnvironmentVariable(SharedArrayPoolSize.Variable));
        });

    [Fact]
    public void An_operators_value_is_kept() =>
        WithVariable("64", () =>
        {
            SharedArrayPoolSize.Apply();
            Assert.Equal("64", Environment.GetEnvironmentVariable(SharedArrayPoolSize.Variable));
        });

    private static void WithVariable(string? value, Action test)
    {
        var before = Environment.GetEnvironmentVariable(SharedArrayPoolSize.Variable);
        Environment.SetEnvironmentVariable(SharedArrayPoolSize.Variable, value);
        try
        {
            test();
        }
        finally
        {
            Environment.SetEnvironmentVariable(SharedArrayPoolSize.Variable, before);
        }
    }
}

[CollectionDefinition(nameof(SharedArrayPoolSizeTests), DisableParallelization = true)]
public sealed class SharedArrayPoolSizeCollection;
