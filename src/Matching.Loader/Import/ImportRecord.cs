using Matching.Core.Extraction;

namespace Matching.Loader.Import;

/// <summary>
/// One record of an import: a questionnaire ready to extract, or why it cannot be one (<see cref="Failure"/>).
/// <see cref="Line"/> (JSON Lines, 1-based) or <see cref="File"/> (a folder) says where it came from.
/// </summary>
public sealed record ImportRecord(int? Line, string? File, string? ExternalId, Questionnaire? Questionnaire, string Language,
    ImportFailure? Failure)
{
    public static ImportRecord Ok(int? line, string? file, string externalId, Questionnaire questionnaire, string language) =>
        new(line, file, externalId, questionnaire, language, null);

    public static ImportRecord Failed(int? line, string? file, string? externalId, string code, string message) =>
        new(line, file, externalId, null, "auto", new ImportFailure(code, message));
}

/// <summary>Why a record was not stored. The message names fields and limits, never the questionnaire's text.</summary>
public sealed record ImportFailure(string Code, string Message);

/// <summary>The error codes of an import's error file (extraction's own codes — empty, not-text, no-skills, … — pass through).</summary>
public static class ImportCodes
{
    public const string MalformedJson = "malformed-json";
    public const string MissingExternalId = "missing-external-id";
    public const string InvalidExternalId = "invalid-external-id";
    public const string DuplicateExternalId = "duplicate-external-id";
    public const string UnknownFormat = "unknown-format";
    public const string MissingContent = "missing-content";
    public const string InvalidRecord = "invalid-record";
    public const string TooLong = "too-long";
    public const string UnreadableFile = "unreadable-file";
    public const string StoreFailed = "store-failed";
}

/// <summary>The limits a record must meet: the API's for one questionnaire (POST /profiles), so both refuse the same input.</summary>
public sealed record ImportLimits(int MaxQuestionnaireChars = 100_000, int MaxAnswers = 500, int MaxExternalIdChars = 200);
