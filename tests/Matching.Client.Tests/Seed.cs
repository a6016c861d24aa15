using System.Text.RegularExpressions;

namespace Matching.Client.Tests;

/// <summary>The seed questionnaire (tests/Matching.Core.Tests/Corpus/00-seed-ml-engineer-ru.md) in the three formats a client sends.</summary>
internal static partial class Seed
{
    public static string Markdown { get; } = File.ReadAllText(Path.Combine(GeneratedClientTests.RepoRoot(), "tests", "Matching.Core.Tests", "Corpus", "00-seed-ml-engineer-ru.md"));

    /// <summary>The same answers without markdown: headings and rules dropped, the questions kept as lines of text.</summary>
    public static string PlainText { get; } = string.Join("\n", Markdown.Split('\n')
        .Where(l => l.Trim() != "___")
        .Select(l => l.TrimStart('#', ' ')));

    /// <summary>One question per "## " heading, its answer the text under it.</summary>
    public static List<QaAnswer> Answers { get; } = Heading().Split(Markdown)
        .Where(s => !string.IsNullOrWhiteSpace(s))
        .Select(section =>
        {
            var lines = section.Split('\n');
            return new QaAnswer { Question = lines[0].Trim(), Answer = string.Join("\n", lines.Skip(1)).Trim() };
        })
        .Where(a => a.Answer.Length > 0)
        .ToList();

    [GeneratedRegex(@"^## ", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
