using System.Text.Json;
using System.Text.Json.Serialization;

namespace Matching.Core.Taxonomy;

/// <summary>Reads <c>db/taxonomy.json</c>: strict JSON, aliases either plain strings or objects with context rules.</summary>
internal static class TaxonomyFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    internal sealed class FileModel
    {
        public string? Version { get; set; }
        public List<CategoryModel>? Categories { get; set; }
        public Dictionary<string, List<string>>? ContextCues { get; set; }
        public List<SkillModel>? Skills { get; set; }
    }

    internal sealed class CategoryModel
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
    }

    internal sealed class SkillModel
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Category { get; set; } = "";
        public List<string>? Parents { get; set; }
        public List<string>? Related { get; set; }
        public bool Umbrella { get; set; }
        public List<JsonElement>? En { get; set; }
        public List<JsonElement>? Ru { get; set; }
        public Dictionary<string, string>? ExternalIds { get; set; }
        public bool Custom { get; set; }
    }

    public static (string Version, IReadOnlyList<SkillCategory> Categories, IReadOnlyList<SkillDefinition> Skills, IReadOnlyList<string> ContextCues) Read(Stream stream)
    {
        var model = JsonSerializer.Deserialize<FileModel>(stream, Options)
            ?? throw new InvalidDataException("The taxonomy file is empty.");
        var categories = (model.Categories ?? []).Select(c => new SkillCategory(c.Id, c.Name)).ToList();
        var skills = new List<SkillDefinition>();
        foreach (var s in model.Skills ?? [])
        {
            var aliases = new List<SkillAlias>();
            AddAliases(aliases, s.En, "en", s.Id);
            AddAliases(aliases, s.Ru, "ru", s.Id);
            skills.Add(new SkillDefinition(s.Id, s.Name, s.Category, s.Parents ?? [], s.Related ?? [], aliases) {
                Umbrella = s.Umbrella,
                Custom = s.Custom,
                ExternalIds = s.ExternalIds is { Count: > 0 } ids ? ids : new Dictionary<string, string>(),
            });
        }
        var cues = (model.ContextCues ?? []).SelectMany(kv => kv.Value).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct().ToList();
        return (model.Version ?? "0", categories, skills, cues);
    }

    private static void AddAliases(List<SkillAlias> into, List<JsonElement>? items, string language, string skillId)
    {
        foreach (var item in items ?? [])
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    into.Add(new SkillAlias(item.GetString()!, language));
                    break;
                case JsonValueKind.Object:
                    var rule = item.Deserialize<AliasModel>(Options)
                        ?? throw new InvalidDataException($"Skill '{skillId}': unreadable alias.");
                    if (string.IsNullOrWhiteSpace(rule.Alias))
                        throw new InvalidDataException($"Skill '{skillId}': an alias object has no 'alias'.");
                    into.Add(new SkillAlias(rule.Alias, language, rule.CaseSensitive, rule.Context, rule.Exclude ?? [], rule.Note));
                    break;
                default:
                    throw new InvalidDataException($"Skill '{skillId}': an alias must be a string or an object.");
            }
        }
    }

    private sealed class AliasModel
    {
        public string Alias { get; set; } = "";
        public bool CaseSensitive { get; set; }
        public bool Context { get; set; }
        public List<string>? Exclude { get; set; }
        public string? Note { get; set; }
    }
}
