using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Features.Search;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Profiles.SetAttributes;

/// <summary>A merge patch of a profile's attributes: named parts replace, null clears, absent parts stay; custom merges per key.</summary>
public sealed class Request
{
    /// <summary>The profile's id.</summary>
    public string Id { get; set; } = "";
    /// <summary>The parts to change (RFC 7386 merge patch).</summary>
    [FromBody]
    public AttributesInput? Attributes { get; set; }
}

public sealed class Endpoint(IProfileWriter profiles, IProfileReader reader, ICustomFieldStore customFields, SkillTaxonomy taxonomy, MatchIndexHost index)
    : Endpoint<Request, ProfileDto>
{
    public override void Configure()
    {
        Patch("/profiles/{id}/attributes");
        Policies(ApiKeyDefaults.WritePolicy);
        Description(b => b.Accepts<AttributesInput>("application/json", "application/merge-patch+json")
            .ProducesProblems(400, 404));
        Summary(s =>
        {
            s.Summary = "Change a profile's attributes (merge patch)";
            s.Params["id"] = "The profile id returned by POST /profiles";
            s.Description =
                "RFC 7386 merge patch of the attributes: a part present in the body replaces the stored part (location, salary, " +
                "languages and tags as a whole), null clears it, and an absent part is kept. custom merges per key: a value sets " +
                "the key, null removes it. Stored in one transaction with a change-feed row, so /match filters see it within a " +
                "poll interval on every replica (at once on this one). Impossible values, an undeclared custom key or a value " +
                "of the wrong type are a 400 naming the field, and nothing changes. yearsOfExperience set here overrides the years " +
                "the questionnaire states; null clears the override (the questionnaire's years apply again, yearsOfExperienceSource " +
                "says which).";
            s.Responses[200] = "The profile with its new attributes";
            s.Responses[404] = "No profile has this id";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        var input = r.Attributes ?? new AttributesInput();
        if (await reader.GetStatedAttributesAsync(r.Id, ct) is not { } current)
        {
            await Send.ResultAsync(Problems.NotFound("Profile", r.Id));
            return;
        }
        var errors = new List<FieldError>();
        // Merged over what the HR system stated: years from the questionnaire stay the questionnaire's unless the patch sets them.
        var merged = AttributeRules.Build(input, "", await CustomFieldCatalog.ReadAsync(customFields, ct), errors, current);
        if (errors.Count > 0)
        {
            await Send.ResultAsync(AttributeRules.Problem(errors));
            return;
        }
        if (await profiles.ReplaceAttributesAsync(r.Id, merged!, ct) is not { } profile)
        {
            await Send.ResultAsync(Problems.NotFound("Profile", r.Id));
            return;
        }
        await index.CatchUpAsync(ct);
        await Send.OkAsync(ProfileDto.From(profile, taxonomy), ct);
    }
}
