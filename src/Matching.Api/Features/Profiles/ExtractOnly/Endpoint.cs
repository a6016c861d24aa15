using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Core.Taxonomy;

namespace Matching.Api.Features.Profiles.ExtractOnly;

public sealed class Endpoint(ISkillExtractor extractor, SkillTaxonomy taxonomy, Data.ICustomFieldStore customFields) : Endpoint<QuestionnaireRequest, ProfileDto>
{
    public override void Configure()
    {
        Post("/profiles/extract");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblems(422));
        Summary(s =>
        {
            s.Summary = "Extract a profile without storing anything";
            s.Responses[200] = "The extracted profile (nothing stored)";
            s.Description = "The same extraction as POST /profiles; nothing is written. id, createdAt and updatedAt are null; " +
                            "extractorVersion and taxonomyVersion are the ones a stored profile would get now.";
            s.Responses[422] = "The text is empty, not text, in an unsupported language, or names no skill";
        });
    }

    public override async Task HandleAsync(QuestionnaireRequest r, CancellationToken ct)
    {
        Core.Profiles.ProfileAttributes? attributes = null;
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
        var result = extractor.Extract(r.Questionnaire!.ToQuestionnaire(), r.Language?.ToLowerInvariant() ?? "auto");
        if (result.Failure is { } failure)
        {
            await Send.ResultAsync(ExtractionProblems.From(failure));
            return;
        }
        var p = result.Profile!;
        // As POST /profiles would store them: the HR system's years, else the questionnaire's.
        var yearsSource = attributes?.YearsOfExperience is not null ? Data.SearchDocuments.FromHrSystem
            : p.YearsOfExperience is not null ? Data.SearchDocuments.FromQuestionnaire : null;
        if (attributes?.YearsOfExperience is null && p.YearsOfExperience is { } years)
            attributes = (attributes ?? Core.Profiles.ProfileAttributes.None) with { YearsOfExperience = years };
        await Send.OkAsync(new ProfileDto(null, string.IsNullOrWhiteSpace(r.ExternalId) ? null : r.ExternalId.Trim(), p.Language,
            null, null, ExtractorVersion.Current, taxonomy.Version, ProfileDto.SkillsOf(p.Skills, taxonomy),
            p.Experience.Select(e => new ExperienceDto(e.Organization, e.Role)).ToList(),
            Search.AttributesDto.From(attributes, yearsSource)), ct);
    }
}
