using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Matching.Client.Tests;

/// <summary>
/// The committed document's error examples, checked against what the API really sent: an error the client read back
/// must be documented for its operation, under its status, with an example of its code.
/// </summary>
internal static class DocumentedErrors
{
    private static readonly Lazy<JsonNode> Document = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(GeneratedClientTests.RepoRoot(), "openapi", "matching.v1.json")))!);

    /// <summary>The request of the current call, recorded by <see cref="Recorder"/> into the holder the test set up.</summary>
    public sealed class Seen
    {
        public static readonly AsyncLocal<Seen?> Current = new();
        public HttpMethod? Method { get; set; }
        public string? Path { get; set; }
    }

    public sealed class Recorder : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Seen.Current.Value is { } seen)
            {
                seen.Method = request.Method;
                seen.Path = request.RequestUri?.AbsolutePath;
            }
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Fails unless the operation that answered <paramref name="path"/> documents <paramref name="status"/> with an example of <paramref name="code"/>.</summary>
    public static void AssertDocumented(HttpMethod method, string path, int status, string code)
    {
        var (template, operation) = Find(method, path);
        var response = operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        Assert.True(response is not null, $"{method} {template} answered {status} {code}, which the document does not list");
        var examples = response!["content"]?["application/problem+json"]?["examples"]?.AsObject()
            .Select(e => e.Value?["value"]?["code"]?.GetValue<string>()).ToList() ?? [];
        Assert.True(examples.Contains(code), $"{method} {template} {status}: the document's examples ({string.Join(", ", examples)}) do not show {code}");
    }

    private static (string Template, JsonNode Operation) Find(HttpMethod method, string path)
    {
        var paths = Document.Value["paths"]!.AsObject();
        var verb = method.Method.ToLowerInvariant();
        // A literal route (/reextractions/latest) wins over a template (/reextractions/{id}).
        if (paths[path]?[verb] is { } literal) return (path, literal);
        foreach (var (template, item) in paths)
            if (template.Contains('{') && item?[verb] is { } operation
                && Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/]+?}", "[^/]+") + "$"))
                return (template, operation);
        throw new Xunit.Sdk.XunitException($"No operation of the document matches {method} {path}");
    }
}
