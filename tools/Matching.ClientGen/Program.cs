using Matching.ClientGen;

// dotnet run --project tools/Matching.ClientGen: regenerates src/Matching.Client/Generated/MatchingApi.g.cs from
// openapi/matching.v1.json (regenerate that first when the API changed; see the README).
var root = ClientCode.RepoRoot(Directory.GetCurrentDirectory());
var code = await ClientCode.GenerateAsync(await File.ReadAllTextAsync(Path.Combine(root, ClientCode.DocumentPath)));
var output = Path.Combine(root, ClientCode.OutputPath);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, code);
Console.WriteLine($"Wrote {ClientCode.OutputPath} ({code.Length} characters) from {ClientCode.DocumentPath}.");
