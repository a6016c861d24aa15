using NJsonSchema;
using NSwag;

namespace Matching.Api.Infrastructure;

/// <summary>
/// Every error each operation can answer, in the document with the problem schema and examples of what the API sends:
/// 401/403 on keyed routes, 400 (validation, malformed JSON), 413 and 415 on routes with a body, 400 on routes with query
/// parameters, 429 over the request quota (every operation, with <c>Retry-After</c>), 503 while the database is
/// unavailable, and each operation's own 400/404/409/413/422 with its codes.
/// </summary>
internal static class ErrorResponses
{
    private const string ExampleTraceId = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private sealed record Example(string Name, ProblemType Type, string Detail, Dictionary<string, object?>? Extensions = null);

    private static Example Validation(string name, string field, string reason) =>
        new(name, ProblemTypes.ValidationFailed, reason,
            new() { ["errors"] = new[] { new Dictionary<string, object?> { ["name"] = field, ["reason"] = reason } } });

    private static Example UnknownSkill(string skill, params string[] suggestions) =>
        new("unknown-skill", ProblemTypes.UnknownSkill,
            suggestions.Length > 0
                ? $"'{skill}' is not a known skill; did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?"
                : $"'{skill}' is not a known skill.",
            new() { ["unknownSkills"] = new[] { new Dictionary<string, object?> { ["skill"] = skill, ["suggestions"] = suggestions } } });

    private static Example NotFound(string what, string id) =>
        new("not-found", ProblemTypes.NotFound, $"No {what} has id '{id}'.");

    private static readonly Example MalformedJson = new("malformed-json", ProblemTypes.MalformedJson,
        "The request body is not well-formed JSON (line 1, byte 17).",
        new() { ["errors"] = new[] { new Dictionary<string, object?> { ["name"] = "body", ["reason"] = "The request body is not well-formed JSON (line 1, byte 17)." } } });

    private static readonly Example CustomFieldInUse = new("custom-field-in-use", ProblemTypes.CustomFieldInUse,
        "12 profile(s) carry custom field 'grade'; remove it from them (PATCH /profiles/{id}/attributes) to remove the declaration.",
        new() { ["profiles"] = 12 });

    private static readonly Example IndexLoading = new("index-loading", ProblemTypes.IndexLoading,
        "The match index is still loading; retry shortly.", new() { ["retryAfter"] = 2 });

    private static readonly Example InvalidCursor = new("invalid-cursor", ProblemTypes.InvalidCursor, "The cursor is not one this API issued.");

    private static readonly Example RunInProgress = new("run-in-progress", ProblemTypes.RunInProgress,
        "Run r_0194f7c2b0c07a1e8d2f3a4b5c6d7e8f (api, started 2025-03-01 02:00:00Z) is running; try again when it has finished.",
        new() { ["runningId"] = "r_0194f7c2b0c07a1e8d2f3a4b5c6d7e8f" });

    private static readonly Example[] ExtractionFailures =
    [
        new("empty", ProblemTypes.EmptyQuestionnaire, "The questionnaire has no text in it."),
        new("no-skills", ProblemTypes.NoSkills, "No skill of the taxonomy is named in the answers (skills named only in the questions do not count)."),
        new("not-text", ProblemTypes.NotText, "The questionnaire looks like encoded data (base64 or hex), not written answers."),
        new("unsupported-language", ProblemTypes.UnsupportedLanguage, "The questionnaire appears to be written in German; only Russian and English are supported."),
    ];

    private static readonly Example[] RequirementFailures =
    [
        UnknownSkill("pytorh", "pytorch"),
        new("duplicate-requirement", ProblemTypes.DuplicateRequirement, "'PostgreSQL' and 'Postgres' are the same skill ('postgresql'); list each skill once."),
    ];

    private static readonly Example MatchBudget = new("response-budget-exceeded", ProblemTypes.ResponseBudgetExceeded,
        "100 requirements × topK 1000 = 100000 breakdown rows, over the response budget of 20000 (Limits:MaxMatchCells). " +
        "Ask for topK 200 or less, or fewer requirements.",
        new() { ["limit"] = 20000, ["cells"] = 100000L, ["maxTopK"] = 200 });

    private static readonly Example ReverseMatchBudget = new("response-budget-exceeded", ProblemTypes.ResponseBudgetExceeded,
        "The best 1000 results carry 24000 breakdown rows (one per requirement of each), over the response budget of 20000 " +
        "(Limits:MaxMatchCells). Ask for topK 833 or less.",
        new() { ["limit"] = 20000, ["cells"] = 24000L, ["maxTopK"] = 833 });

    private static readonly Example TaxonomyConflict = new("taxonomy-conflict", ProblemTypes.TaxonomyConflict,
        "The taxonomy kept changing under this change (other replicas were changing it); try again.");

    private static readonly Example AliasTaken = new("alias-taken", ProblemTypes.AliasTaken, "'Спарк' already names 'apache-spark'.");

    private static readonly Example InvalidAlias = new("invalid-alias", ProblemTypes.InvalidAlias,
        "'!!!' is not a usable alias: 1 to 100 characters with a letter or digit.");

    /// <summary>Each operation's own errors (the generic ones are added by rule).</summary>
    private static readonly Dictionary<string, Dictionary<int, Example[]>> Specific = new(StringComparer.Ordinal)
    {
        ["Profiles_Ingest"] = new()
        {
            [400] = [Validation("validation-failed", "questionnaire.format", "questionnaire.format must be one of: markdown, text, qa."),
                     Validation("invalid-attribute", "attributes.location.country", "location.country must be an ISO 3166-1 alpha-2 code (two letters, e.g. DE).")],
            [422] = ExtractionFailures,
        },
        ["Profiles_Extract"] = new()
        {
            [400] = [Validation("validation-failed", "questionnaire.answers", "questionnaire.answers is required for the qa format.")],
            [422] = ExtractionFailures,
        },
        ["Profiles_IngestBatch"] = new()
        {
            [400] = [Validation("validation-failed", "items", "items must hold at least one questionnaire.")],
            [413] = [new("too-many-items", ProblemTypes.TooManyItems, "A batch holds at most 100 items; this one has 150. Split it.",
                new() { ["maxItems"] = 100 })],
        },
        ["Profiles_List"] = new()
        {
            [400] = [Validation("validation-failed", "minLevel", "minLevel filters the level of ?skill=; give a skill too."), InvalidCursor],
            [422] = [UnknownSkill("pytorh", "pytorch")],
        },
        ["Profiles_Get"] = new() { [404] = [NotFound("profile", "p_0194f7c2a7b87c3e9d1f2a3b4c5d6e7f")] },
        ["Profiles_SetSkills"] = new()
        {
            [400] = [Validation("validation-failed", "skills[0]", "Each change either sets a level or has remove: true.")],
            [404] = [NotFound("profile", "p_0194f7c2a7b87c3e9d1f2a3b4c5d6e7f")],
            [422] =
            [
                UnknownSkill("pytorh", "pytorch"),
                new("skill-not-in-profile", ProblemTypes.SkillNotInProfile,
                    "Profile 'p_0194f7c2a7b87c3e9d1f2a3b4c5d6e7f' has no 'mongodb' to remove; nothing was changed.",
                    new() { ["skills"] = new[] { "mongodb" } }),
            ],
        },
        ["Profiles_MatchJobs"] = new()
        {
            [400] = [Validation("validation-failed", "topK", "'topK' must be between 1 and 1000. You entered 0."), ReverseMatchBudget],
            [404] = [NotFound("profile", "p_0194f7c2a7b87c3e9d1f2a3b4c5d6e7f")],
        },
        ["Profiles_Delete"] = new() { [404] = [NotFound("profile", "p_0194f7c2a7b87c3e9d1f2a3b4c5d6e7f")] },
        ["Profiles_SetAttributes"] = new()
        {
            [400] = [Validation("validation-failed", "location.lat", "location.lat must be between -90 and 90."),
                     Validation("unknown-custom-field", "custom.grade", "'grade' is not a declared custom field (PUT /custom-fields/{key} declares one).")],
            [404] = [NotFound("profile", "p_0194f7c2a7b87c3e9d1f2a3b4c5d6e7f")],
        },
        ["Profiles_Similar"] = new()
        {
            [400] = [Validation("validation-failed", "topK", "'topK' must be between 1 and 1000. You entered 0."), InvalidCursor],
            [404] = [NotFound("profile", "p_0194f7c2a7b87c3e9d1f2a3b4c5d6e7f")],
            [503] = [IndexLoading],
        },
        ["Profiles_SimilarFiltered"] = new()
        {
            [400] = [Validation("validation-failed", "filter.location.near.km", "A radius needs lat, lon and km: km is missing."), InvalidCursor],
            [404] = [NotFound("profile", "p_0194f7c2a7b87c3e9d1f2a3b4c5d6e7f")],
            [422] = [UnknownSkill("kuberntes", "kubernetes")],
            [503] = [IndexLoading],
        },
        ["Profiles_Gap"] = new()
        {
            [400] = [Validation("validation-failed", "jobId", "jobId is required.")],
            [404] = [NotFound("profile", "p_0194f7c2a7b87c3e9d1f2a3b4c5d6e7f"), NotFound("job", "j_0194f7c3d1e27b4f8a9b0c1d2e3f4a5b") with { Name = "job-not-found" }],
        },
        ["CustomFields_Put"] = new()
        {
            [400] = [Validation("validation-failed", "type", "type must be one of: string, number, date.")],
            [409] = [CustomFieldInUse],
        },
        ["CustomFields_Delete"] = new()
        {
            [404] = [new("not-found", ProblemTypes.NotFound, "No custom field has key 'grade'.")],
            [409] = [CustomFieldInUse],
        },
        ["Jobs_Create"] = new()
        {
            [400] = [Validation("validation-failed", "title", "title is required."),
                     Validation("invalid-filter", "filter.yearsOfExperience", "yearsOfExperience.min is above max.")],
            [409] = [new("duplicate-external-id", ProblemTypes.DuplicateExternalId, "Another job already has externalId 'vac-42'.")],
            [422] = [.. RequirementFailures, new("no-requirements-found", ProblemTypes.NoRequirementsFound,
                "The description names no skill of the taxonomy; give requirements explicitly.")],
        },
        ["Jobs_List"] = new() { [400] = [Validation("validation-failed", "status", "status must be open or closed."), InvalidCursor] },
        ["Jobs_Get"] = new() { [404] = [NotFound("job", "j_0194f7c3d1e27b4f8a9b0c1d2e3f4a5b")] },
        ["Jobs_Update"] = new()
        {
            [400] = [Validation("validation-failed", "requirements[0].minLevel", "'requirements[0].minLevel' must be between 0 and 1. You entered 5.")],
            [404] = [NotFound("job", "j_0194f7c3d1e27b4f8a9b0c1d2e3f4a5b")],
            [409] = [new("duplicate-external-id", ProblemTypes.DuplicateExternalId, "Another job already has externalId 'vac-42'.")],
            [422] = RequirementFailures,
        },
        ["Jobs_Delete"] = new() { [404] = [NotFound("job", "j_0194f7c3d1e27b4f8a9b0c1d2e3f4a5b")] },
        ["Jobs_Matches"] = new()
        {
            [400] = [Validation("validation-failed", "limit", "'limit' must be between 1 and 1000. You entered 0.")],
            [404] =
            [
                NotFound("job", "j_0194f7c3d1e27b4f8a9b0c1d2e3f4a5b"),
                new("no-stored-matches", ProblemTypes.NoStoredMatches,
                    "No finished scoring run has scored job 'j_0194f7c3d1e27b4f8a9b0c1d2e3f4a5b' yet. Start one with POST /scoring-runs."),
            ],
        },
        ["Match_Run"] = new()
        {
            [400] = [Validation("validation-failed", "topK", "'topK' must be between 1 and 1000. You entered 0."),
                     Validation("either-job-or-requirements", "body", "Give either jobId or requirements, not both."),
                     Validation("radius-without-coordinates", "filter.location.near.lat", "A radius needs lat, lon and km: lat is missing."),
                     Validation("unknown-facet", "facets[0]", "'colour' is not a facet: use location.country, location.city, remote, relocation, languages, tags, skills or custom.<declared key>."),
                     InvalidCursor,
                     MatchBudget],
            [404] = [NotFound("job", "j_0194f7c3d1e27b4f8a9b0c1d2e3f4a5b")],
            [422] = RequirementFailures,
            [503] = [new("index-loading", ProblemTypes.IndexLoading, "The match index is still loading; retry shortly.", new() { ["retryAfter"] = 2 })],
        },
        ["ScoringRuns_Start"] = new()
        {
            [400] = [Validation("validation-failed", "top", "'top' must be between 1 and 1000. You entered 0.")],
            [409] = [RunInProgress],
            [422] = [new("unknown-jobs", ProblemTypes.UnknownJobs, "Unknown job id(s): j_missing.", new() { ["unknownJobs"] = new[] { "j_missing" } })],
        },
        ["ScoringRuns_List"] = new() { [400] = [Validation("validation-failed", "limit", "'limit' must be between 1 and 100. You entered 0.")] },
        ["ScoringRuns_Get"] = new() { [404] = [NotFound("scoring run", "r_0194f7c2b0c07a1e8d2f3a4b5c6d7e8f")] },
        ["Skills_List"] = new() { [400] = [Validation("validation-failed", "limit", "'limit' must be between 1 and 200. You entered 500.")] },
        ["Skills_Get"] = new() { [404] = [NotFound("skill", "pytorh")] },
        ["Skills_Resolve"] = new() { [400] = [Validation("validation-failed", "text", "Give the term to resolve in ?text=.")] },
        ["Reextractions_Start"] = new()
        {
            [409] = [new("run-in-progress", ProblemTypes.RunInProgress,
                "Run x_0194f7c2b0c07a1e8d2f3a4b5c6d7e8f (api, started 2025-03-01 02:00:00Z) is running: 120 of 5000 done. " +
                "Follow it at /reextractions/x_0194f7c2b0c07a1e8d2f3a4b5c6d7e8f.",
                new() { ["runningId"] = "x_0194f7c2b0c07a1e8d2f3a4b5c6d7e8f" })],
        },
        ["Taxonomy_Diff"] = new()
        {
            [422] = [new("unknown-taxonomy-version", ProblemTypes.UnknownTaxonomyVersion,
                "'7' is not a version of this taxonomy: give a version as taxonomyVersion shows it (3.0+fd7e99b89ae4 or " +
                "3.0+fd7e99b89ae4+1 … +2) or a revision number (0 to 2).")],
        },
        ["Taxonomy_CreateSkill"] = new()
        {
            [400] = [Validation("validation-failed", "aliases", "aliases has at most 50 items.")],
            [409] = [new("skill-exists", ProblemTypes.SkillExists, "A skill with id 'acme-lakehouse' exists."), TaxonomyConflict],
            [422] =
            [
                new("invalid-skill-id", ProblemTypes.InvalidSkillId,
                    "'Acme_Lakehouse' is not a skill id: lowercase letters, digits and single inner hyphens, at most 64 characters."),
                new("invalid-skill-name", ProblemTypes.InvalidSkillName, "A skill's name has 1 to 100 characters with a letter or digit."),
                new("unknown-category", ProblemTypes.UnknownCategory,
                    "Unknown category 'data-platforms'; one of: ml, deep-learning, computer-vision, nlp-llm, vector-search, mlops, " +
                    "data-engineering, data-analysis, databases, backend, frontend, devops, cloud, languages, tools-practices, mobile, " +
                    "security, hpc-embedded, erp-crm, management."),
                new("unknown-parent", ProblemTypes.UnknownParent, "Parent 'data-mesh-platform' is not a skill."),
                new("unknown-related", ProblemTypes.UnknownRelated, "Related skill 'acme-fabric' is not a skill."),
                new("taxonomy-cycle", ProblemTypes.TaxonomyCycle, "'acme-mesh' cannot be its own parent."),
                InvalidAlias,
                AliasTaken,
            ],
        },
        ["Taxonomy_UpdateSkill"] = new()
        {
            [400] = [Validation("validation-failed", "body", "Give addAliases, removeAliases or externalIds.")],
            [404] = [NotFound("skill", "acme-fabric")],
            [409] = [TaxonomyConflict],
            [422] =
            [
                new("alias-taken", ProblemTypes.AliasTaken, "'Кликхаус' already names 'clickhouse'."),
                new("unknown-alias", ProblemTypes.UnknownAlias,
                    "'постгрескуэль-про' is not an alias of 'postgresql' (its name and id cannot be removed)."),
                InvalidAlias,
            ],
        },
        ["Taxonomy_RetireSkill"] = new()
        {
            [404] = [NotFound("skill", "acme-fabric")],
            [409] = [TaxonomyConflict],
            [422] =
            [
                new("not-custom-skill", ProblemTypes.NotCustomSkill,
                    "'postgresql' is shipped in the taxonomy file; only custom skills can be retired."),
                new("skill-in-use", ProblemTypes.SkillInUse,
                    "'acme-lakehouse' is a parent or related skill of acme-lakehouse-sql; change those first."),
            ],
        },
        ["Taxonomy_ListCandidates"] = new()
        {
            [400] = [Validation("validation-failed", "minProfiles", "'min Profiles' must be between 1 and 1000000. You entered 0."), InvalidCursor],
        },
        ["Taxonomy_AcceptCandidate"] = new()
        {
            [400] = [Validation("validation-failed", "body", "Give skill (the term becomes its alias) or the new skill's id, name and category — not both.")],
            [404] = [new("not-found", ProblemTypes.NotFound, "No stored profile names this term, or it was rejected.")],
            [409] = [new("skill-exists", ProblemTypes.SkillExists, "A skill with id 'kafka' exists."), TaxonomyConflict],
            [422] =
            [
                UnknownSkill("dokcer", "docker"),
                new("alias-taken", ProblemTypes.AliasTaken, "'Kafka' already names 'kafka'."),
                new("unknown-category", ProblemTypes.UnknownCategory, "Unknown category 'bi-tools'; one of: ml, deep-learning, computer-vision, " +
                    "nlp-llm, vector-search, mlops, data-engineering, data-analysis, databases, backend, frontend, devops, cloud, languages, " +
                    "tools-practices, mobile, security, hpc-embedded, erp-crm, management."),
                InvalidAlias,
            ],
        },
        ["Taxonomy_RejectCandidate"] = new()
        {
            [404] = [new("not-found", ProblemTypes.NotFound, "No stored profile names this term, or it was rejected already.")],
        },
        ["Reextractions_Get"] = new() { [404] = [NotFound("re-extraction run", "x_0194f7c2b0c07a1e8d2f3a4b5c6d7e8f")] },
        ["Reextractions_Latest"] = new()
        {
            [404] = [new("not-found", ProblemTypes.NotFound, "No re-extraction run has been started; start one with POST /reextractions.")],
        },
    };

    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [400] = "The request is invalid: validation-failed (errors names each field), malformed-json, invalid-cursor",
        [401] = "unauthorized: no X-Api-Key header, or not a valid key",
        [403] = "forbidden: the key's scope does not allow this operation",
        [404] = "not-found: no such resource",
        [409] = "A conflict with the stored state",
        [413] = "payload-too-large: the body is over the limit (2 MiB by default)",
        [415] = "unsupported-media-type: a body that is not sent as JSON",
        [429] = "rate-limited: over this key's (or, without a key, this address's) request quota; retry after Retry-After seconds",
        [422] = "The request is well-formed but cannot be processed",
        [503] = "database-unavailable: the database is unavailable or the API is starting; retry after Retry-After seconds",
    };

    public static void AddTo(OpenApiDocument document)
    {
        if (!document.Components.Schemas.TryGetValue("Problem", out var problem)) return;
        foreach (var description in document.Operations)
        {
            var operation = description.Operation;
            var id = operation.OperationId ?? "";
            var keyed = operation.Security?.Count > 0;
            var hasBody = operation.RequestBody is not null;
            var hasQuery = operation.Parameters.Any(p => p.Kind == OpenApiParameterKind.Query);
            var specific = Specific.GetValueOrDefault(id) ?? [];

            var statuses = new SortedDictionary<int, List<Example>>();
            void Add(int status, params Example[] examples)
            {
                if (!statuses.TryGetValue(status, out var list)) statuses[status] = list = [];
                list.AddRange(examples.Where(e => list.All(x => x.Name != e.Name)));
            }
            foreach (var (status, examples) in specific) Add(status, examples);
            if (hasBody)
            {
                Add(400, MalformedJson);
                Add(413, new Example("payload-too-large", ProblemTypes.PayloadTooLarge, "Request bodies are limited to 2097152 bytes."));
                Add(415, new Example("unsupported-media-type", ProblemTypes.UnsupportedMediaType, "This operation reads JSON; send Content-Type: application/json."));
            }
            if ((hasBody || hasQuery) && !statuses.ContainsKey(400))
                Add(400, Validation("validation-failed", "body", "The request is not valid."));
            if (keyed)
            {
                Add(401, new Example("unauthorized", ProblemTypes.Unauthorized, "Send your key in the X-Api-Key header."));
                Add(403, new Example("forbidden", ProblemTypes.Forbidden,
                    "This API key's scope does not allow this operation (read-only keys can read and call /match; writes need a write or admin key)."));
                Add(503, new Example("database-unavailable", ProblemTypes.DatabaseUnavailable,
                    "The API is starting: it is waiting for its database (migrations, then the match index).", new() { ["retryAfter"] = 5 }));
            }
            // Every request counts against a quota: a keyed one against its key, any other against its address.
            Add(429, new Example("rate-limited", ProblemTypes.RateLimited,
                $"The request quota for {(keyed ? "this API key" : "requests without an API key from this address")} is used up for now; " +
                "retry after 7 s (Retry-After).", new() { ["retryAfter"] = 7 }));

            foreach (var (status, examples) in statuses)
            {
                var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!operation.Responses.TryGetValue(key, out var response))
                    operation.Responses[key] = response = new OpenApiResponse();
                if (string.IsNullOrWhiteSpace(response.Description) || response.Description is "Unauthorized" or "Forbidden" or "Bad Request" or "Not Found")
                    response.Description = Descriptions.GetValueOrDefault(status, ProblemTypes.ForStatus(status).Title);
                if (examples.Any(e => e.Type == ProblemTypes.ResponseBudgetExceeded) && !response.Description.Contains(ProblemTypes.ResponseBudgetExceeded.Code, StringComparison.Ordinal))
                    response.Description += ", response-budget-exceeded (more breakdown rows than Limits:MaxMatchCells; maxTopK says what fits)";
                response.Content.Clear();
                var media = new OpenApiMediaType { Schema = new JsonSchema { Reference = problem } };
                foreach (var example in examples)
                    media.Examples[example.Name] = new OpenApiExample { Summary = example.Type.Title, Value = Body(example) };
                response.Content[Problems.ContentType] = media;
                if (status is 429 or 503)
                    response.Headers["Retry-After"] = new OpenApiHeader
                    {
                        Description = status == 429 ? "Seconds until the quota's window ends." : "Seconds to wait before retrying.",
                        Schema = new JsonSchema { Type = JsonObjectType.Integer },
                    };
            }
            // Responses in status order: successes first, then errors, as a reader scans them.
            var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            operation.Responses.Clear();
            foreach (var (key, value) in ordered) operation.Responses[key] = value;
        }
    }

    private static Dictionary<string, object?> Body(Example example)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = example.Type.Type,
            ["title"] = example.Type.Title,
            ["status"] = example.Type.Status,
            ["detail"] = example.Detail,
            ["code"] = example.Type.Code,
            ["traceId"] = ExampleTraceId,
        };
        foreach (var (key, value) in example.Extensions ?? []) body[key] = value;
        return body;
    }
}
