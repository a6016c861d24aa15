using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Features.Search;
using Matching.Api.Infrastructure;
using Matching.Core.Profiles;
using Matching.Data;

namespace Matching.Api.Features.CustomFields;

/// <summary>A declared custom field: profiles' attributes.custom may carry a value of its type under its key.</summary>
/// <param name="Key">The key: a lowercase letter, then lowercase letters, digits or _ (at most 64).</param>
/// <param name="Type">string, number or date (yyyy-MM-dd).</param>
/// <param name="Description">What the field means, for people; or null.</param>
public sealed record CustomFieldDto(
    string Key,
    [property: AllowedValues("string", "number", "date")] string Type,
    string? Description)
{
    public static CustomFieldDto From(CustomFieldDefinition f) => new(f.Key, SearchDocuments.TypeName(f.Type), f.Description);
}

/// <summary>The declared custom fields.</summary>
/// <param name="Items">Every declared field, by key.</param>
public sealed record CustomFieldList(IReadOnlyList<CustomFieldDto> Items);

/// <summary>The body of PUT /custom-fields/{key}.</summary>
[NJsonSchema.Annotations.JsonSchema("CustomFieldInput")]
public sealed class PutRequest
{
    /// <summary>The key (route): a lowercase letter, then lowercase letters, digits or _ (at most 64).</summary>
    public string Key { get; set; } = "";
    /// <summary>string, number or date.</summary>
    [Required]
    [AllowedValues("string", "number", "date")]
    public string? Type { get; set; }
    /// <summary>What the field means (at most 500 characters).</summary>
    public string? Description { get; set; }
}

public sealed class PutValidator : Validator<PutRequest>
{
    public PutValidator()
    {
        RuleFor(r => r.Key).Must(k => AttributeRules.CustomKey().IsMatch(k))
            .WithMessage("key must be a lowercase letter, then lowercase letters, digits or _ (at most 64 characters).");
        RuleFor(r => r.Type).Must(t => SearchDocuments.TryParseType(t, out _))
            .WithMessage("type must be one of: string, number, date.");
        RuleFor(r => r.Description).MaximumLength(500).Must(d => d is null || !d.Any(c => c == '\0'))
            .WithMessage("description must not contain NUL characters.");
    }
}

public sealed class PutEndpoint(ICustomFieldStore store) : Endpoint<PutRequest, CustomFieldDto>
{
    public override void Configure()
    {
        Put("/custom-fields/{key}");
        Policies(ApiKeyDefaults.AdminPolicy);
        Description(b => b.Produces<CustomFieldDto>(201, "application/json")
            .ProducesProblems(400, 409));
        Summary(s =>
        {
            s.Summary = "Declare a custom field (or change its description)";
            s.Params["key"] = "The field's key, e.g. grade";
            s.Description =
                "Declares a key profile attributes may carry under custom, with its type (string, number or date), once. " +
                "Putting it again changes the description, or the type while no profile uses the key; changing the type of " +
                "a key profiles use is a 409 custom-field-in-use. Admin keys only.";
            s.Responses[200] = "The field existed and is updated";
            s.Responses[201] = "The field is declared";
            s.Responses[409] = "The type would change while profiles use the key (custom-field-in-use)";
        });
    }

    public override async Task HandleAsync(PutRequest r, CancellationToken ct)
    {
        SearchDocuments.TryParseType(r.Type, out var type);
        var (field, created, using_) = await store.PutAsync(
            new CustomFieldDefinition(r.Key, type, string.IsNullOrWhiteSpace(r.Description) ? null : r.Description.Trim()), ct);
        if (field is null)
        {
            await Send.ResultAsync(InUse(r.Key, using_, "change its type"));
            return;
        }
        if (created) await Send.ResultAsync(TypedResults.Created($"/custom-fields/{r.Key}", CustomFieldDto.From(field)));
        else await Send.OkAsync(CustomFieldDto.From(field), ct);
    }

    internal static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult InUse(string key, long count, string what) =>
        Problems.Result(ProblemTypes.CustomFieldInUse,
            $"{count} profile(s) carry custom field '{key}'; remove it from them (PATCH /profiles/{{id}}/attributes) to {what}.",
            new Dictionary<string, object?> { ["profiles"] = count });
}

public sealed class ListEndpoint(ICustomFieldStore store) : EndpointWithoutRequest<CustomFieldList>
{
    public override void Configure()
    {
        Get("/custom-fields");
        Policies(ApiKeyDefaults.ReadPolicy);
        Summary(s =>
        {
            s.Summary = "List the declared custom fields";
            s.Description = "Every key profile attributes may carry under custom, with its type, sorted by key.";
            s.Responses[200] = "The declared fields";
        });
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(new CustomFieldList((await store.ListAsync(ct)).Select(CustomFieldDto.From).ToList()), ct);
}

public sealed class DeleteRequest
{
    /// <summary>The field's key.</summary>
    public string Key { get; set; } = "";
}

public sealed class DeleteEndpoint(ICustomFieldStore store) : Endpoint<DeleteRequest>
{
    public override void Configure()
    {
        Delete("/custom-fields/{key}");
        Policies(ApiKeyDefaults.AdminPolicy);
        Description(b => b.Produces(204).ProducesProblems(404, 409));
        Summary(s =>
        {
            s.Summary = "Remove a custom field no profile uses";
            s.Params["key"] = "The field's key";
            s.Description =
                "Removes the declaration. While any profile carries a value for the key the answer is 409 custom-field-in-use " +
                "with the number of profiles: clear it from them first. A job filter that names a removed key keeps no profile. " +
                "Admin keys only.";
            s.Responses[204] = "Removed";
            s.Responses[404] = "No field has this key";
            s.Responses[409] = "Profiles carry the key (custom-field-in-use)";
        });
    }

    public override async Task HandleAsync(DeleteRequest r, CancellationToken ct)
    {
        var (outcome, count) = await store.DeleteAsync(r.Key, ct);
        switch (outcome)
        {
            case CustomFieldDeletion.Deleted: await Send.NoContentAsync(ct); break;
            case CustomFieldDeletion.NotFound: await Send.ResultAsync(Problems.Result(ProblemTypes.NotFound, $"No custom field has key '{r.Key}'.")); break;
            default: await Send.ResultAsync(PutEndpoint.InUse(r.Key, count, "remove the declaration")); break;
        }
    }
}
