namespace Matching.Api.Infrastructure;

/// <summary>
/// One kind of error: its stable machine <see cref="Code"/> (also the last segment of its <see cref="Type"/> URL), the
/// HTTP status it is sent with and a title that never changes between occurrences (RFC 9457 §3.1.3); the detail says
/// what happened this time. The README's error table lists the same types.
/// </summary>
public sealed record ProblemType(string Code, int Status, string Title)
{
    public string Type => ProblemTypes.BaseUri + Code;
}

/// <summary>Every problem type the API sends. Codes are part of the contract: add new ones, never rename.</summary>
public static class ProblemTypes
{
    public const string BaseUri = "https://matching.example/problems/";

    // 400
    public static readonly ProblemType ValidationFailed = new("validation-failed", 400, "Invalid request");
    public static readonly ProblemType MalformedJson = new("malformed-json", 400, "Malformed JSON");
    public static readonly ProblemType InvalidCursor = new("invalid-cursor", 400, "Invalid cursor");
    public static readonly ProblemType BadRequest = new("bad-request", 400, "Bad request");
    public static readonly ProblemType ResponseBudgetExceeded = new("response-budget-exceeded", 400, "Response too large");
    // 401, 403
    public static readonly ProblemType Unauthorized = new("unauthorized", 401, "API key required or invalid");
    public static readonly ProblemType Forbidden = new("forbidden", 403, "Not allowed for this key");
    // 404, 405
    public static readonly ProblemType NotFound = new("not-found", 404, "Not found");
    public static readonly ProblemType NoStoredMatches = new("no-stored-matches", 404, "No stored matches");
    public static readonly ProblemType RouteNotFound = new("route-not-found", 404, "No such route");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed");
    // 408, 409
    public static readonly ProblemType RequestTimeout = new("request-timeout", 408, "Request timed out");
    public static readonly ProblemType DuplicateExternalId = new("duplicate-external-id", 409, "Duplicate externalId");
    public static readonly ProblemType RunInProgress = new("run-in-progress", 409, "A run is already running");
    public static readonly ProblemType Conflict = new("conflict", 409, "Conflict");
    public static readonly ProblemType SkillExists = new("skill-exists", 409, "Skill exists");
    public static readonly ProblemType TaxonomyConflict = new("taxonomy-conflict", 409, "Taxonomy changed concurrently");
    public static readonly ProblemType CustomFieldInUse = new("custom-field-in-use", 409, "Custom field in use");
    // 413, 414, 415
    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413, "Request body too large");
    public static readonly ProblemType TooManyItems = new("too-many-items", 413, "Too many items");
    public static readonly ProblemType UriTooLong = new("uri-too-long", 414, "URI too long");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported media type");
    // 422
    public static readonly ProblemType UnknownSkill = new("unknown-skill", 422, "Unknown skill");
    public static readonly ProblemType DuplicateRequirement = new("duplicate-requirement", 422, "Duplicate requirement");
    public static readonly ProblemType NoRequirementsFound = new("no-requirements-found", 422, "No requirements found");
    public static readonly ProblemType UnknownJobs = new("unknown-jobs", 422, "Unknown jobs");
    public static readonly ProblemType SkillNotInProfile = new("skill-not-in-profile", 422, "Skill not in profile");
    // 422 from taxonomy changes (POST/PATCH/DELETE /taxonomy/skills): the codes are the overlay's own (TaxonomyEditCodes).
    public static readonly ProblemType InvalidSkillId = new("invalid-skill-id", 422, "Invalid skill id");
    public static readonly ProblemType InvalidSkillName = new("invalid-skill-name", 422, "Invalid skill name");
    public static readonly ProblemType UnknownCategory = new("unknown-category", 422, "Unknown category");
    public static readonly ProblemType UnknownParent = new("unknown-parent", 422, "Unknown parent skill");
    public static readonly ProblemType UnknownRelated = new("unknown-related", 422, "Unknown related skill");
    public static readonly ProblemType TaxonomyCycle = new("taxonomy-cycle", 422, "Cycle in the taxonomy");
    public static readonly ProblemType InvalidAlias = new("invalid-alias", 422, "Invalid alias");
    public static readonly ProblemType AliasTaken = new("alias-taken", 422, "Alias taken by another skill");
    public static readonly ProblemType UnknownAlias = new("unknown-alias", 422, "Not an alias of this skill");
    public static readonly ProblemType NotCustomSkill = new("not-custom-skill", 422, "Not a custom skill");
    public static readonly ProblemType SkillInUse = new("skill-in-use", 422, "Skill in use");
    public static readonly ProblemType InvalidTaxonomyChange = new("invalid-taxonomy-change", 422, "Invalid taxonomy change");
    public static readonly ProblemType UnknownTaxonomyVersion = new("unknown-taxonomy-version", 422, "Unknown taxonomy version");
    // 422 from extraction: the codes are the extractor's own (ExtractionFailure), as re-extraction records count them.
    public static readonly ProblemType EmptyQuestionnaire = new("empty", 422, "The questionnaire is empty");
    public static readonly ProblemType NotText = new("not-text", 422, "The questionnaire is not readable text");
    public static readonly ProblemType UnsupportedLanguage = new("unsupported-language", 422, "The questionnaire's language is not supported");
    public static readonly ProblemType NoSkills = new("no-skills", 422, "No skills found in the questionnaire");
    public static readonly ProblemType Unprocessable = new("unprocessable", 422, "Unprocessable request");
    // 429, 431
    public static readonly ProblemType RateLimited = new("rate-limited", 429, "Too many requests");
    public static readonly ProblemType HeadersTooLarge = new("request-headers-too-large", 431, "Request headers too large");
    // 5xx
    public static readonly ProblemType InternalError = new("internal-error", 500, "Unexpected error");
    public static readonly ProblemType IndexLoading = new("index-loading", 503, "Match index loading");
    public static readonly ProblemType DatabaseUnavailable = new("database-unavailable", 503, "Database unavailable");
    public static readonly ProblemType ServiceUnavailable = new("service-unavailable", 503, "Service unavailable");

    public static IReadOnlyList<ProblemType> All { get; } = typeof(ProblemTypes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ProblemType))
        .Select(f => (ProblemType)f.GetValue(null)!)
        .ToList();

    private static readonly Dictionary<string, ProblemType> ByCode = All.ToDictionary(t => t.Code, StringComparer.Ordinal);

    public static ProblemType? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var t) ? t : null;

    /// <summary>The type an answer with this status gets when nothing more specific was said (e.g. a bare status code).</summary>
    public static ProblemType ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => RouteNotFound,
        405 => MethodNotAllowed,
        408 => RequestTimeout,
        409 => Conflict,
        413 => PayloadTooLarge,
        414 => UriTooLong,
        415 => UnsupportedMediaType,
        422 => Unprocessable,
        429 => RateLimited,
        431 => HeadersTooLarge,
        503 => ServiceUnavailable,
        >= 500 => InternalError,
        _ => new ProblemType("http-" + status, status, ReasonPhrase(status)),
    };

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Request failed";
}
