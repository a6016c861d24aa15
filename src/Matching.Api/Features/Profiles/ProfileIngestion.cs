using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Profiles;

/// <summary>
/// Extract one questionnaire and store its profile: the one path of <c>POST /profiles</c> and of each item of
/// <c>POST /profiles:batch</c> (its own transaction, counted in the ingest metric). The caller catches the index up.
/// </summary>
internal static class ProfileIngestion
{
    /// <remarks><paramref name="attributes"/> are the request's, already checked (<see cref="Search.AttributeRules.Build"/>); null keeps the stored ones.</remarks>
    /// <returns>The stored profile and whether it is new, or the extractor's reason it could not be extracted.</returns>
    public static async Task<(Profile? Profile, bool Created, ExtractionFailure? Failure)> IngestAsync(QuestionnaireRequest r,
        ProfileAttributes? attributes, ISkillExtractor extractor, IProfileWriter profiles, SkillTaxonomy taxonomy, MatchingMetrics metrics,
        CancellationToken ct)
    {
        var questionnaire = r.Questionnaire!.ToQuestionnaire();
        var result = extractor.Extract(questionnaire, r.Language?.ToLowerInvariant() ?? "auto");
        if (result.Failure is { } failure) return (null, false, failure);
        var extracted = result.Profile!;
        var write = new ProfileWrite(
            string.IsNullOrWhiteSpace(r.ExternalId) ? null : r.ExternalId.Trim(),
            questionnaire,
            extracted.Language,
            extracted.StoredSkills(),
            extracted.Experience,
            ExtractionVersions.Current(taxonomy),
            attributes,
            extracted.YearsOfExperience) { CandidateTerms = extracted.CandidateTerms };
        var (profile, created) = await profiles.UpsertAsync(write, (skills, overrides) => SkillVector.Compose(taxonomy, skills, overrides), ct);
        metrics.ProfileIngested(created);
        return (profile, created, null);
    }
}
