using System.ComponentModel.DataAnnotations;
using System.Reflection;
using FastEndpoints;
using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.Generation.TypeMappers;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace Matching.Api.Infrastructure;

public static class OpenApiDocumentInfo
{
    public const string Name = "v1";
    public const string Path = "/openapi/v1.json";
    public const string Title = "Matching API";
    public const string Description =
        "Skills matching: questionnaires in, explained skill profiles out; job requirements in, ranked and explained candidates out. " +
        "Every route except /health/*, /swagger and /openapi needs the X-Api-Key header. Every error is an RFC 9457 problem " +
        "(application/problem+json) with a stable code; the README's error table lists them.";
}

/// <summary>
/// Makes the generated document the exact contract a client generator needs (openapi/matching.v1.json): which fields a
/// request must send and which may be null, enums for closed sets ([AllowedValues]), one number format (double, also for
/// the decimal scores), every error with the problem schema and an example of what the API sends, a relative server,
/// tags in the order a user meets them, and no schema nothing refers to.
/// </summary>
public static class OpenApiContract
{
    public static void Configure(AspNetCoreOpenApiDocumentGeneratorSettings settings)
    {
        var types = new ContractTypes();
        settings.SchemaSettings.SchemaNameGenerator = new SchemaNames();
        // Scores are decimal on the server so that contributions add up exactly; on the wire they are plain numbers.
        settings.SchemaSettings.TypeMappers.Add(new PrimitiveTypeMapper(typeof(decimal), s =>
        {
            s.Type = JsonObjectType.Number;
            s.Format = JsonFormatStrings.Double;
        }));
        settings.SchemaSettings.SchemaProcessors.Add(types);
        settings.OperationProcessors.Add(types);
        settings.DocumentProcessors.Add(new ContractDocument(types));
    }

    /// <summary>One relative server, so the document is host-independent and a generated client works against any base address.</summary>
    public static void UseRelativeServer(OpenApiDocument document)
    {
        document.Servers.Clear();
        document.Servers.Add(new OpenApiServer { Url = "/", Description = "The API itself: the host that serves this document." });
    }
}

/// <summary>The names a client generator gives the values of an integer [AllowedValues] enum, in the same order.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EnumNamesAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}

/// <summary>What the document processor needs to know about CLR types: the schema each type became, and each operation's request type.</summary>
internal sealed class ContractTypes : ISchemaProcessor, IOperationProcessor
{
    public Dictionary<JsonSchema, Type> SchemaTypes { get; } = new(ReferenceEqualityComparer.Instance);
    public Dictionary<OpenApiOperation, Type> RequestTypes { get; } = new(ReferenceEqualityComparer.Instance);

    public void Process(SchemaProcessorContext context)
    {
        var type = context.ContextualType.Type;
        if (type.Namespace?.StartsWith("Matching.Api", StringComparison.Ordinal) != true) return;
        SchemaTypes[context.Schema] = type;
        foreach (var (name, property) in context.Schema.Properties)
            if (Property(type, name) is { } clr) ContractDocument.ApplyAllowedValues(property, clr);
    }

    public bool Process(OperationProcessorContext context)
    {
        if (context is AspNetCoreOperationProcessorContext aspnet
            && aspnet.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault() is { } endpoint)
            RequestTypes[context.OperationDescription.Operation] = endpoint.ReqDtoType;
        return true;
    }

    public static PropertyInfo? Property(Type type, string jsonName) =>
        type.GetProperty(jsonName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
}

internal sealed partial class ContractDocument(ContractTypes types) : IDocumentProcessor
{
    /// <summary>Tags in the order a user meets them, each with what it is for.</summary>
    public static readonly (string Name, string Description)[] Tags =
    [
        ("Profiles", "Candidates' questionnaires in, explained skill profiles out; recruiter overrides; erasure."),
        ("Jobs", "Vacancies and their requirements, each resolved to a skill of the taxonomy."),
        ("Custom fields", "The customer's own profile attributes: keys declared once with their type (admin)."),
        ("Match", "Rank stored profiles against a job's requirements, every score explained."),
        ("Scoring runs", "The nightly scoring of every open job: stored shortlists and what changed."),
        ("Skills", "The taxonomy: skills, their aliases (English and Russian) and parents."),
        ("Taxonomy", "The customer's own skills and spellings on top of the shipped taxonomy: changes, export, diff, and the follow-up re-extraction."),
        ("Health", "Liveness and readiness probes; no key needed."),
        ("Re-extractions", "Re-extract stored profiles after a new extractor or taxonomy version (admin)."),
    ];

    private static readonly Dictionary<string, string> TagRenames = new(StringComparer.Ordinal)
    {
        ["Scoring-Runs"] = "Scoring runs",
        ["Custom-Fields"] = "Custom fields",
        ["Reextractions"] = "Re-extractions",
    };

    public void Process(DocumentProcessorContext context)
    {
        var document = context.Document;
        OpenApiContract.UseRelativeServer(document);
        document.Info.Contact = new OpenApiContact { Name = "Matching API team", Url = "https://matching.example/support" };
        OrderTags(document);
        ShapeSchemas(document);
        NameItemEnums(document);
        DescribeParameters(document);
        ErrorResponses.AddTo(document);
        OperationExamples.AddTo(document);
        DescribeRequestBodies(document);
        RemoveUnusedSchemas(document);
    }

    /// <summary>
    /// [AllowedValues] as an enum: strings as a string enum; integers (an HTTP status from a closed set) as an integer
    /// enum, named for a client generator by [EnumNames] (x-enumNames).
    /// </summary>
    public static void ApplyAllowedValues(JsonSchema property, PropertyInfo clr)
    {
        if (clr.GetCustomAttribute<AllowedValuesAttribute>() is not { } allowed) return;
        var target = property.Item ?? property;
        target.Enumeration.Clear();
        target.EnumerationNames.Clear();
        foreach (var value in allowed.Values) target.Enumeration.Add(value);
        if (allowed.Values.All(v => v is int))
        {
            target.Type = JsonObjectType.Integer;
            if (clr.GetCustomAttribute<EnumNamesAttribute>() is { } names)
                foreach (var name in names.Names) target.EnumerationNames.Add(name);
        }
        else target.Type = JsonObjectType.String;
    }

    private static void OrderTags(OpenApiDocument document)
    {
        var order = Tags.Select(t => t.Name).ToList();
        foreach (var operation in document.Operations)
            // A custom method (POST /profiles:batch) belongs to its collection's tag, not to "Profiles:Batch".
            operation.Operation.Tags = operation.Operation.Tags.Select(t => t.Split(':')[0]).Select(t => TagRenames.GetValueOrDefault(t, t))
                .Distinct().ToList();
        document.Tags = Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }).ToList();

        int Rank(OpenApiPathItem item) => item.Values.SelectMany(o => o.Tags).Select(t => order.IndexOf(t)).DefaultIfEmpty(order.Count).Min();
        var paths = document.Paths.OrderBy(p => Rank(p.Value)).ThenBy(p => PathOrder(p.Key), StringComparer.Ordinal).ToList();
        document.Paths.Clear();
        foreach (var (key, value) in paths) document.Paths[key] = value;
    }

    /// <summary>
    /// Within a tag: the collection, its custom methods (/profiles:batch), then its sub-routes, in reading order
    /// (POST /profiles before /profiles/{id}).
    /// </summary>
    private static string PathOrder(string path) => path.Replace("{", "~", StringComparison.Ordinal).Replace(":", "!", StringComparison.Ordinal);

    /// <summary>
    /// Requests: a property is required only when it carries [Required]; an optional one may be sent as null when its type
    /// allows it. Responses: every property is always there (null where the type allows), except on types that name their
    /// required properties (the problem, whose extensions appear only where they apply).
    /// </summary>
    private void ShapeSchemas(OpenApiDocument document)
    {
        var requests = Reachable(document.Operations.SelectMany(o => o.Operation.RequestBody?.Content.Values.Select(c => c.Schema) ?? []));
        foreach (var (schema, type) in types.SchemaTypes)
        {
            var explicitRequired = type.GetProperties().Any(p => p.GetCustomAttribute<RequiredAttribute>() is not null);
            var isRequest = requests.Contains(schema);
            foreach (var (name, property) in schema.Properties)
            {
                var clr = ContractTypes.Property(type, name);
                var required = explicitRequired || isRequest ? clr?.GetCustomAttribute<RequiredAttribute>() is not null : true;
                property.IsRequired = required;
                if (isRequest) property.IsNullableRaw = !required && clr is not null && new NullabilityInfoContext().Create(clr).WriteState == NullabilityState.Nullable;
                // A reference wrapped to carry a description (oneOf: [$ref]) needs a type beside nullable in OpenAPI 3.0.
                if (property.OneOf.Count + property.AllOf.Count > 0 && property.Type == JsonObjectType.None)
                {
                    if (property.IsNullableRaw == true) property.Type = JsonObjectType.Object;
                    else property.IsNullableRaw = null;
                }
                // A value of any JSON type (a custom field's string, number or date) cannot say nullable in OpenAPI 3.0.
                foreach (var any in new[] { property, property.Item, property.AdditionalPropertiesSchema })
                    if (any is not null && any.Type == JsonObjectType.None && !any.HasReference && any.OneOf.Count + any.AllOf.Count == 0)
                        any.IsNullableRaw = null;
                if (isRequest && property.Type.HasFlag(JsonObjectType.Array))
                {
                    // FastEndpoints turns validator lengths into string keywords; for an array, a non-empty rule means minItems.
                    if (property.MinLength > 0) property.MinItems = property.MinLength.Value;
                    property.MinLength = null;
                    property.MaxLength = null;
                }
                property.Example = null;
            }
            schema.Example = null;
            // RFC 9457: problems may carry extensions this version does not name yet; clients keep them, not reject them.
            if (type == typeof(Contracts.Problem)) schema.AllowAdditionalProperties = true;
        }
    }

    /// <summary>
    /// An array of a closed set (SkillDiff.fields) gets its item enum as a named schema ("SkillDiffField"), so a client
    /// generator names the enum for what it is rather than after the property.
    /// </summary>
    private static void NameItemEnums(OpenApiDocument document)
    {
        foreach (var (schemaName, schema) in document.Components.Schemas.ToList())
            foreach (var (propertyName, property) in schema.Properties)
                if (property.Item is { Reference: null } item && item.Enumeration.Count > 0)
                {
                    var singular = propertyName.EndsWith('s') ? propertyName[..^1] : propertyName;
                    var name = schemaName + char.ToUpperInvariant(singular[0]) + singular[1..];
                    item.Description ??= property.Description;
                    document.Components.Schemas[name] = item;
                    property.Item = new JsonSchema { Reference = item };
                }
    }

    /// <summary>Query and route parameters: the request property's enum, and its description when FastEndpoints found none.</summary>
    private void DescribeParameters(OpenApiDocument document)
    {
        foreach (var operation in document.Operations)
        {
            types.RequestTypes.TryGetValue(operation.Operation, out var request);
            foreach (var parameter in operation.Operation.Parameters)
            {
                if (request is not null && ContractTypes.Property(request, parameter.Name) is { } clr)
                {
                    ApplyAllowedValues(parameter.Schema ?? parameter, clr);
                    if (clr.GetCustomAttribute<RequiredAttribute>() is not null) parameter.IsRequired = true;
                }
                if (string.IsNullOrWhiteSpace(parameter.Description) && parameter.Kind == OpenApiParameterKind.Path)
                    parameter.Description = parameter.Name == "id" ? PathIdDescription(operation.Path) : null;
            }
        }
    }

    /// <summary>A request body says what it is: its schema's description.</summary>
    private static void DescribeRequestBodies(OpenApiDocument document)
    {
        foreach (var operation in document.Operations)
            if (operation.Operation.RequestBody is { } body && string.IsNullOrWhiteSpace(body.Description))
                body.Description = body.Content.Values.Select(c => c.Schema?.ActualSchema.Description).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
    }

    private static string PathIdDescription(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0] switch
    {
        "profiles" => "The profile's id, as POST /profiles returned it.",
        "jobs" => "The job's id, as POST /jobs returned it.",
        "scoring-runs" => "The scoring run's id, as POST /scoring-runs returned it.",
        "reextractions" => "The re-extraction run's id, as POST /reextractions returned it.",
        "skills" => "The skill's stable lowercase slug, e.g. pytorch.",
        _ => "The resource's id.",
    };

    private static void RemoveUnusedSchemas(OpenApiDocument document)
    {
        var roots = document.Operations.SelectMany(o =>
            (o.Operation.RequestBody?.Content.Values.Select(c => c.Schema) ?? [])
            .Concat(o.Operation.Responses.Values.SelectMany(r => r.Content.Values.Select(c => c.Schema)))
            .Concat(o.Operation.Parameters.Select(p => p.Schema ?? p)));
        var used = Reachable(roots);
        foreach (var (name, schema) in document.Components.Schemas.ToList())
            if (!used.Contains(schema)) document.Components.Schemas.Remove(name);
    }

    /// <summary>Every schema reachable from the roots, through references, properties, items and compositions.</summary>
    private static HashSet<JsonSchema> Reachable(IEnumerable<JsonSchema?> roots)
    {
        var seen = new HashSet<JsonSchema>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<JsonSchema>(roots.Where(r => r is not null)!);
        while (stack.TryPop(out var schema))
        {
            if (!seen.Add(schema)) continue;
            if (schema.Reference is { } reference) stack.Push(reference);
            if (schema.Item is { } item) stack.Push(item);
            if (schema.AdditionalPropertiesSchema is { } additional) stack.Push(additional);
            foreach (var child in schema.Properties.Values.Cast<JsonSchema>()
                         .Concat(schema.AllOf).Concat(schema.OneOf).Concat(schema.AnyOf).Concat(schema.Items))
                stack.Push(child);
        }
        return seen;
    }
}
