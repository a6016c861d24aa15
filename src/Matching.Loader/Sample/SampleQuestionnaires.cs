using System.Text.Encodings.Web;
using System.Text.Json;
using Matching.Core.Extraction;
using Matching.Loader.Import;

namespace Matching.Loader.Sample;

/// <summary>
/// Real-format questionnaires for load tests, recombined from a corpus folder (by default the extraction test corpus,
/// <c>tests/Matching.Core.Tests/Corpus</c>): each sample takes a corpus questionnaire of some format and language and
/// swaps some of its parts — markdown sections (<c>## …</c>), text paragraphs, Q&amp;A answers — for the parts in the same
/// place of other questionnaires of that format and language. So the samples read like the corpus (headings, answers,
/// Russian and English, the same length spread) but differ from each other. Sample <c>i</c> depends only on the seed and
/// <c>i</c>.
/// </summary>
public sealed class SampleQuestionnaires
{
    public const string DefaultCorpus = "tests/Matching.Core.Tests/Corpus";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<Source> _sources;
    private readonly Dictionary<(QuestionnaireFormat, string), List<Source>> _groups;
    private readonly int _seed;

    private sealed record Source(QuestionnaireFormat Format, string Language, IReadOnlyList<string>? Parts, IReadOnlyList<QaAnswer>? Answers)
    {
        public int Slots => Parts?.Count ?? Answers!.Count;
    }

    public SampleQuestionnaires(string corpusFolder, int seed)
    {
        _seed = seed;
        _sources = [];
        foreach (var record in RecordSources.ReadFolder(corpusFolder, new ImportLimits()))
        {
            if (record.Questionnaire is not { } q) continue;
            var language = LanguageOf(record.ExternalId!);
            _sources.Add(q.Format switch
            {
                QuestionnaireFormat.Markdown => new Source(q.Format, language, Sections(q.Content!), null),
                QuestionnaireFormat.Text => new Source(q.Format, language, Paragraphs(q.Content!), null),
                _ => new Source(q.Format, language, null, q.Answers),
            });
        }
        _sources.RemoveAll(s => s.Slots == 0);
        if (_sources.Count == 0)
            throw new InvalidDataException($"{corpusFolder} holds no questionnaires (*.md, *.txt, *.qa.json).");
        _groups = _sources.GroupBy(s => (s.Format, s.Language)).ToDictionary(g => g.Key, g => g.ToList());
    }

    public int CorpusSize => _sources.Count;

    /// <summary>The corpus folder of this repository, looked for upward from <paramref name="start"/> and from the program's folder.</summary>
    public static string? LocateDefaultCorpus(string? start = null)
    {
        foreach (var origin in new[] { start ?? Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, DefaultCorpus);
                if (Directory.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>Sample <paramref name="index"/> as an import record's fields.</summary>
    public (string ExternalId, Questionnaire Questionnaire) Generate(int index)
    {
        var random = new Random(unchecked(_seed * 1_000_003 + index));
        var source = _sources[random.Next(_sources.Count)];
        var group = _groups[(source.Format, source.Language)];
        // Each part stays or is replaced by the part in the same place of another questionnaire like it.
        var donors = new Source[source.Slots];
        for (var slot = 0; slot < donors.Length; slot++)
        {
            var donor = group[random.Next(group.Count)];
            // A questionnaire of one or two parts has no places to swap: the greeting of one letter for the whole of another is no questionnaire.
            donors[slot] = source.Slots >= 3 && donor.Slots >= 3 && random.NextDouble() < 0.5 && donor.Slots > slot ? donor : source;
        }
        var parts = Enumerable.Range(0, donors.Length);
        var externalId = $"sample-{index:d6}";
        if (source.Format == QuestionnaireFormat.Qa)
            return (externalId, new Questionnaire(QuestionnaireFormat.Qa, null, parts.Select(i => donors[i].Answers![i]).ToList()));
        var separator = source.Format == QuestionnaireFormat.Markdown ? "\n" : "\n\n";
        var content = string.Join(separator, parts.Select(i => donors[i].Parts![i]));
        return (externalId, source.Format == QuestionnaireFormat.Markdown ? Questionnaire.Markdown(content) : Questionnaire.Text(content));
    }

    /// <summary>Writes samples <paramref name="first"/> … first+count−1 as JSON Lines, the input of <c>Matching.Loader import</c>.</summary>
    public void WriteJsonLines(Stream output, int count, int first = 0)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        for (var i = first; i < first + count; i++)
        {
            var (externalId, q) = Generate(i);
            writer.WriteStartObject();
            writer.WriteString("externalId", externalId);
            writer.WriteString("format", q.Format.ToString().ToLowerInvariant());
            if (q.Format == QuestionnaireFormat.Qa)
            {
                writer.WriteStartArray("answers");
                foreach (var a in q.Answers!)
                {
                    writer.WriteStartObject();
                    writer.WriteString("question", a.Question);
                    writer.WriteString("answer", a.Answer);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            else writer.WriteString("content", q.Content);
            writer.WriteString("language", "auto");
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            output.WriteByte((byte)'\n');
        }
    }

    /// <summary>The corpus names its files <c>NN-what-ru.md</c> / <c>…-en.txt</c>; others count as one group.</summary>
    private static string LanguageOf(string name) =>
        name.EndsWith("-ru", StringComparison.OrdinalIgnoreCase) ? "ru" : name.EndsWith("-en", StringComparison.OrdinalIgnoreCase) ? "en" : "any";

    /// <summary>Markdown split before each <c>## </c> heading; what precedes the first stays the first part.</summary>
    private static List<string> Sections(string content)
    {
        var parts = new List<string>();
        var current = new List<string>();
        foreach (var line in content.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal) && current.Any(l => l.Length > 0))
            {
                parts.Add(string.Join('\n', current).TrimEnd());
                current.Clear();
            }
            current.Add(line);
        }
        if (current.Any(l => l.Length > 0)) parts.Add(string.Join('\n', current).TrimEnd());
        return parts;
    }

    /// <summary>Paragraphs (blank-line separated), or lines when the text has fewer than three paragraphs.</summary>
    private static List<string> Paragraphs(string content)
    {
        var text = content.Replace("\r\n", "\n");
        var paragraphs = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return paragraphs.Count >= 3 ? paragraphs : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
