using System.Text;
using System.Text.Json;
using Matching.Core.Extraction;

namespace Matching.Loader.Import;

/// <summary>
/// Reads the records of an import: a JSON Lines file (one <c>{externalId, format, content | answers, language}</c> per
/// line) or a folder of questionnaire files (<c>*.md</c> markdown, <c>*.txt</c> text, <c>*.qa.json</c> question/answer
/// pairs; the externalId is the file name without its extension). Each record is checked as POST /profiles checks a
/// body; a record that fails is returned with its failure, so the import can report it and go on.
/// </summary>
public static class RecordSources
{
    private static readonly string[] Languages = ["ru", "en", "auto"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // As strict as the API: a key given twice and a number sent as a string are mistakes, not values.
        AllowDuplicateProperties = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether <paramref name="path"/> is read as a folder of files (else as a JSON Lines file).</summary>
    public static bool IsFolder(string path) => Directory.Exists(path);

    /// <summary>How many records <see cref="Read"/> will return (non-blank lines, or the questionnaire files of a folder).</summary>
    public static int Count(string path) => IsFolder(path) ? FolderFiles(path).Count : CountNonBlankLines(path);

    public static IEnumerable<ImportRecord> Read(string path, ImportLimits limits, string defaultLanguage = "auto", string idPrefix = "") =>
        IsFolder(path) ? ReadFolder(path, limits, defaultLanguage, idPrefix) : ReadJsonLines(path, limits, defaultLanguage);

    // ---- JSON Lines -------------------------------------------------------------------------------------------------

    public static IEnumerable<ImportRecord> ReadJsonLines(string path, ImportLimits limits, string defaultLanguage = "auto")
    {
        var number = 0;
        foreach (var bytes in Lines(path))
        {
            number++;
            var text = Decode(bytes.Span);
            if (text is null)
            {
                yield return ImportRecord.Failed(number, null, null, ImportCodes.MalformedJson, "The line is not UTF-8 text.");
                continue;
            }
            if (number == 1) text = text.TrimStart('\uFEFF');
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return ParseLine(number, text, limits, defaultLanguage);
        }
    }

    private static string? Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The file's lines as bytes (without the line break), so that one line that is not UTF-8 fails alone.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Lines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        var line = new MemoryStream();
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                line.Write(buffer, start, i - start);
                yield return Trimmed(line);
                line = new MemoryStream();
                start = i + 1;
            }
            line.Write(buffer, start, read - start);
        }
        if (line.Length > 0) yield return Trimmed(line);

        static ReadOnlyMemory<byte> Trimmed(MemoryStream line)
        {
            var bytes = line.GetBuffer().AsMemory(0, (int)line.Length);
            return bytes.Length > 0 && bytes.Span[^1] == (byte)'\r' ? bytes[..^1] : bytes;
        }
    }

    /// <summary>One line of a JSON Lines file as a record (<paramref name="line"/> is its 1-based number).</summary>
    public static ImportRecord ParseLine(int line, string text, ImportLimits limits, string defaultLanguage = "auto")
    {
        LineBody? body;
        try
        {
            body = JsonSerializer.Deserialize<LineBody>(text, Json);
        }
        catch (JsonException e)
        {
            // Not e.Message: for a bad token it quotes the input.
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            return ImportRecord.Failed(line, null, null, ImportCodes.MalformedJson,
                $"The line is not a valid record{where} (byte {e.BytePositionInLine ?? 0}): expected one JSON object " +
                "{externalId, format, content | answers, language} with string values.");
        }
        if (body is null)
            return ImportRecord.Failed(line, null, null, ImportCodes.MalformedJson, "The line is JSON null, not a record object.");
        return Check(line, null, body.ExternalId, body.Format, body.Content,
            body.Answers?.Select(a => a is null ? null : new QaAnswer(a.Question ?? "", a.Answer!)).ToList(),
            body.Answers?.Any(a => a?.Answer is null) == true, body.Language ?? defaultLanguage, limits);
    }

    private static int CountNonBlankLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        var count = 0;
        var blank = true;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            foreach (var b in buffer.AsSpan(0, read))
            {
                if (b == '\n')
                {
                    if (!blank) count++;
                    blank = true;
                }
                else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) blank = false;
            }
        }
        return blank ? count : count + 1;
    }

    private sealed class LineBody
    {
        public string? ExternalId { get; set; }
        public string? Format { get; set; }
        public string? Content { get; set; }
        public List<AnswerBody?>? Answers { get; set; }
        public string? Language { get; set; }
    }

    private sealed class AnswerBody
    {
        public string? Question { get; set; }
        public string? Answer { get; set; }
    }

    // ---- a folder of files ----------------------------------------------------------------------------------------

    /// <summary>The questionnaire files of a folder (not its subfolders), in name order, with their format.</summary>
    public static IReadOnlyList<(string Path, string Format)> FolderFiles(string folder) =>
        Directory.EnumerateFiles(folder)
            .Select(f => (Path: f, Format: FormatOf(Path.GetFileName(f))))
            .Where(f => f.Format is not null)
            .OrderBy(f => Path.GetFileName(f.Path), StringComparer.Ordinal)
            .Select(f => (f.Path, f.Format!))
            .ToList();

    private static string? FormatOf(string name) =>
        name.EndsWith(".qa.json", StringComparison.OrdinalIgnoreCase) ? "qa"
        : name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? "markdown"
        : name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? "text"
        : null;

    /// <summary><c>anna.qa.json</c> → <c>anna</c>, <c>anna.md</c> → <c>anna</c>.</summary>
    public static string ExternalIdOf(string fileName) =>
        fileName.EndsWith(".qa.json", StringComparison.OrdinalIgnoreCase) ? fileName[..^".qa.json".Length] : Path.GetFileNameWithoutExtension(fileName);

    public static IEnumerable<ImportRecord> ReadFolder(string folder, ImportLimits limits, string language = "auto", string idPrefix = "")
    {
        foreach (var (path, format) in FolderFiles(folder))
            yield return ReadFile(path, format, limits, language, idPrefix);
    }

    private static ImportRecord ReadFile(string path, string format, ImportLimits limits, string language, string idPrefix)
    {
        var name = Path.GetFileName(path);
        var externalId = idPrefix + ExternalIdOf(name);
        string text;
        try
        {
            // UTF-8 takes at most 4 bytes a character: a file this big is over the limit whatever it holds.
            if (new FileInfo(path).Length > (long)limits.MaxQuestionnaireChars * 4 + 1024)
                return ImportRecord.Failed(null, name, externalId, ImportCodes.TooLong,
                    $"The file is over the {limits.MaxQuestionnaireChars:N0}-character limit.");
            text = StrictUtf8.GetString(File.ReadAllBytes(path)).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return ImportRecord.Failed(null, name, externalId, ImportCodes.UnreadableFile, "The file is not UTF-8 text.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ImportRecord.Failed(null, name, externalId, ImportCodes.UnreadableFile, $"The file could not be read ({e.GetType().Name}).");
        }

        if (format != "qa") return Check(null, name, externalId, format, text, null, false, language, limits);
        List<AnswerBody?>? answers;
        try
        {
            answers = JsonSerializer.Deserialize<List<AnswerBody?>>(text, Json);
        }
        catch (JsonException e)
        {
            return ImportRecord.Failed(null, name, externalId, ImportCodes.MalformedJson,
                $"A .qa.json file must be one JSON array of {{question, answer}} objects (line {(e.LineNumber ?? 0) + 1}).");
        }
        return Check(null, name, externalId, format, null,
            answers?.Select(a => a is null ? null : new QaAnswer(a.Question ?? "", a.Answer!)).ToList(),
            answers is null || answers.Any(a => a?.Answer is null), language, limits);
    }

    // ---- the checks of POST /profiles -----------------------------------------------------------------------------

    private static ImportRecord Check(int? line, string? file, string? externalId, string? format, string? content,
        List<QaAnswer?>? answers, bool answerMissing, string language, ImportLimits limits)
    {
        ImportRecord Fail(string code, string message) => ImportRecord.Failed(line, file, externalId, code, message);

        if (string.IsNullOrWhiteSpace(externalId)) return Fail(ImportCodes.MissingExternalId, "externalId is required (a non-empty string).");
        externalId = externalId.Trim();
        if (externalId.Length > limits.MaxExternalIdChars)
            return Fail(ImportCodes.InvalidExternalId, $"externalId is limited to {limits.MaxExternalIdChars} characters.");
        if (externalId.Any(char.IsControl)) return Fail(ImportCodes.InvalidExternalId, "externalId must not contain control characters.");
        if (!Languages.Contains(language, StringComparer.OrdinalIgnoreCase))
            return Fail(ImportCodes.InvalidRecord, "language must be one of: ru, en, auto.");
        language = language.ToLowerInvariant();

        Questionnaire questionnaire;
        var kind = format?.ToLowerInvariant();
        switch (kind)
        {
            case "markdown" or "text":
                if (content is null) return Fail(ImportCodes.MissingContent, $"content is required for the {kind} format.");
                if (answers is not null) return Fail(ImportCodes.InvalidRecord, "answers is only for the qa format.");
                questionnaire = kind == "markdown" ? Questionnaire.Markdown(content) : Questionnaire.Text(content);
                break;
            case "qa":
                if (answers is null || answerMissing)
                    return Fail(ImportCodes.MissingContent, "answers is required for the qa format: an array of {question, answer} with an answer string in each.");
                if (content is not null) return Fail(ImportCodes.InvalidRecord, "content is not used by the qa format; send answers.");
                if (answers.Count > limits.MaxAnswers) return Fail(ImportCodes.TooLong, $"At most {limits.MaxAnswers} answers.");
                questionnaire = new Questionnaire(QuestionnaireFormat.Qa, null, answers.Select(a => a!).ToList());
                break;
            case null or "":
                return Fail(ImportCodes.UnknownFormat, "format is required: markdown, text or qa.");
            default:
                return Fail(ImportCodes.UnknownFormat, "format must be one of: markdown, text, qa.");
        }
        if (questionnaire.Length > limits.MaxQuestionnaireChars)
            return Fail(ImportCodes.TooLong, $"The questionnaire is over the {limits.MaxQuestionnaireChars:N0}-character limit.");
        if (HasNul(questionnaire))
            return Fail(ImportCodes.InvalidRecord, "The questionnaire contains a NUL character (U+0000), which cannot be stored.");
        return ImportRecord.Ok(line, file, externalId, questionnaire, language);
    }

    private static bool HasNul(Questionnaire q) =>
        q.Content?.Contains('\0') == true || q.Answers?.Any(a => a.Question.Contains('\0') || a.Answer.Contains('\0')) == true;
}
