using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Profiles.Ingest;

public sealed class Endpoint(
    ISkillExtractor extractor,
    IProfileStore profiles,
    SkillTaxonomy taxonomy,
    MatchIndexHost index,
    MatchingMetrics metrics) : Endpoint<QuestionnaireRequest, ProfileDto>
{
    public override void Configure()
    {
        Post("/profiles");
        Policies(ApiKeyDefaults.WritePolicy);
        Description(b => b
            .Produces<ProfileDto>(201, "application/json")
            .Produces<ProfileDto>(200, "application/json")
            .Produces<Problem>(422, "application/problem+json"));
        Summary(s =>
        {
            s.Summary = "Ingest a questionnaire: extract the profile and store it";
            s.Description =
                "Extracts skills (with levels, reasons and evidence quotes), experience and the language, and stores the profile. " +
                "201 for a new profile; 200 when externalId already exists: the profile is re-extracted and replaced with the same id, " +
                "and recruiter overrides survive. Empty or unusable text is a 422 with a reason.";
            s.Responses[200] = "The profile with this externalId was re-extracted and replaced";
            s.Responses[201] = "The profile was created";
            s.Responses[422] = "The text is empty, not text, in an unsupported language, or names no skill";
        });
    }

    public override async Task HandleAsync(QuestionnaireRequest r, CancellationToken ct)
    {
        var result = extractor.Extract(r.Questionnaire!.ToQuestionnaire(), r.Language?.ToLowerInvariant() ?? "auto");
        if (result.Failure is { } failure)
        {
            await Send.ResultAsync(ExtractionProblems.From(failure));
            return;
        }
        var extracted = result.Profile!;
        var write = new ProfileWrite(
            string.IsNullOrWhiteSpace(r.ExternalId) ? null : r.ExternalId.Trim(),
            r.Questionnaire!.ToQuestionnaire(),
            extracted.Language,
            extracted.StoredSkills(),
            extracted.Experience,
            ExtractionVersions.Current(taxonomy));
        var (profile, created) = await profiles.UpsertAsync(write,
            (skills, overrides) => SkillVector.Compose(taxonomy, skills, overrides), ct);
        metrics.ProfileIngested(created);
        await index.CatchUpAsync(ct);

        var dto = ProfileDto.From(profile, taxonomy);
        if (created) await Send.CreatedAtAsync<Get.Endpoint>(new { id = profile.Id }, dto, cancellation: ct);
        else await Send.OkAsync(dto, ct);
    }
}
