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
        var (profile, created, failure) = await ProfileIngestion.IngestAsync(r, extractor, profiles, taxonomy, metrics, ct);
        if (failure is not null)
        {
            await Send.ResultAsync(ExtractionProblems.From(failure));
            return;
        }
        await index.CatchUpAsync(ct);

        var dto = ProfileDto.From(profile!, taxonomy);
        if (created) await Send.CreatedAtAsync<Get.Endpoint>(new { id = profile!.Id }, dto, cancellation: ct);
        else await Send.OkAsync(dto, ct);
    }
}
