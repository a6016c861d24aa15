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
    IProfileWriter profiles,
    SkillTaxonomy taxonomy,
    MatchIndexHost index,
    ICustomFieldStore customFields,
    MatchingMetrics metrics) : Endpoint<QuestionnaireRequest, ProfileDto>
{
    public override void Configure()
    {
        Post("/profiles");
        Policies(ApiKeyDefaults.WritePolicy);
        Description(b => b
            .Produces<ProfileDto>(201, "application/json")
            .Produces<ProfileDto>(200, "application/json")
            .ProducesProblems(400, 422));
        Summary(s =>
        {
            s.Summary = "Ingest a questionnaire: extract the profile and store it";
            s.Description =
                "Extracts skills (with levels, reasons and evidence quotes), experience and the language, and stores the profile. " +
                "201 for a new profile; 200 when externalId already exists: the profile is re-extracted and replaced with the same id, " +
                "and recruiter overrides survive. Empty or unusable text is a 422 with a reason. attributes (location, languages, " +
                "yearsOfExperience, salary, availableFrom, tags, custom) are stored with the profile in the same transaction and " +
                "replace the stored ones; absent, a re-ingest keeps them. Impossible values, an undeclared custom key or a value of " +
                "the wrong type are a 400 naming the field (attributes.location.lat, attributes.custom.grade).";
            s.Responses[200] = "The profile with this externalId was re-extracted and replaced";
            s.Responses[201] = "The profile was created";
            s.Responses[422] = "The text is empty, not text, in an unsupported language, or names no skill";
        });
    }

    public override async Task HandleAsync(QuestionnaireRequest r, CancellationToken ct)
    {
        ProfileAttributes? attributes = null;
        if (r.Attributes is not null)
        {
            var errors = new List<FieldError>();
            attributes = Search.AttributeRules.Build(r.Attributes, "attributes.", await CustomFieldCatalog.ReadAsync(customFields, ct), errors);
            if (errors.Count > 0)
            {
                await Send.ResultAsync(Search.AttributeRules.Problem(errors));
                return;
            }
        }
        var (profile, created, failure) = await ProfileIngestion.IngestAsync(r, attributes, extractor, profiles, taxonomy, metrics, ct);
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
