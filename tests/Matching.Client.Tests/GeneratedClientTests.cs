using Matching.ClientGen;

namespace Matching.Client.Tests;

public sealed class GeneratedClientTests
{
    [Fact]
    public async Task Committed_client_code_is_what_the_committed_document_generates()
    {
        var root = RepoRoot();
        var expected = await ClientCode.GenerateAsync(await File.ReadAllTextAsync(Path.Combine(root, ClientCode.DocumentPath)));
        var committed = await File.ReadAllTextAsync(Path.Combine(root, ClientCode.OutputPath));
        Assert.True(expected == committed,
            $"{ClientCode.OutputPath} is stale: regenerate it with `dotnet run --project tools/Matching.ClientGen` and commit it.");
    }

    internal static string RepoRoot() => ClientCode.RepoRoot(AppContext.BaseDirectory);
}
