using System.Globalization;
using System.Text;

namespace Matching.Core.Profiles;

/// <summary>
/// A profile's effective skill vector as one compact text, stored beside the profile (<c>profiles.skill_vector</c>) so
/// that the match index loads a million profiles from a million rows rather than thirty million:
/// <c>skill:level:source[:via]</c> entries joined by commas, e.g. <c>pytorch:0.55:m,deep-learning:0.55:i:pytorch</c>.
/// Source is <c>m</c> mentioned, <c>i</c> inferred, <c>r</c> set by a recruiter (manual). Levels are written so that
/// they read back as the same double. Skill ids are taxonomy slugs, which never contain ':' or ','.
/// </summary>
public static class SkillVectorText
{
    public const char EntrySeparator = ',';
    public const char FieldSeparator = ':';

    public static string Encode(IReadOnlyList<ProfileSkill> skills)
    {
        ArgumentNullException.ThrowIfNull(skills);
        var text = new StringBuilder(skills.Count * 24);
        foreach (var s in skills)
        {
            EnsureStorable(s.SkillId);
            if (text.Length > 0) text.Append(EntrySeparator);
            text.Append(s.SkillId).Append(FieldSeparator)
                .Append(s.Level.ToString("R", CultureInfo.InvariantCulture)).Append(FieldSeparator)
                .Append(SourceCode(s.Source));
            if (s.Via is { } via)
            {
                EnsureStorable(via);
                text.Append(FieldSeparator).Append(via);
            }
        }
        return text.ToString();
    }

    /// <summary>The entries of an encoded vector (skills keep their order), read by <see cref="Utf8Reader"/>.</summary>
    public static List<(string SkillId, double Level, SkillSource Source, string? Via)> Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<(string, double, SkillSource, string?)>();
        var reader = new Utf8Reader(Encoding.UTF8.GetBytes(text));
        while (reader.MoveNext())
            entries.Add((Encoding.UTF8.GetString(reader.SkillId), reader.Level, reader.Source,
                reader.Via.IsEmpty ? null : Encoding.UTF8.GetString(reader.Via)));
        return entries;
    }

    public static char SourceCode(SkillSource source) => source switch
    {
        SkillSource.Mentioned => 'm',
        SkillSource.Inferred => 'i',
        SkillSource.Manual => 'r',
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown skill source."),
    };

    public static SkillSource SourceOf(byte code) => code switch
    {
        (byte)'m' => SkillSource.Mentioned,
        (byte)'i' => SkillSource.Inferred,
        (byte)'r' => SkillSource.Manual,
        _ => throw new FormatException($"'{(char)code}' is not a skill source code (m, i, r)."),
    };

    private static void EnsureStorable(string skillId)
    {
        if (string.IsNullOrEmpty(skillId) || skillId.AsSpan().IndexOfAny(EntrySeparator, FieldSeparator) >= 0)
            throw new ArgumentException($"The skill id '{skillId}' cannot be stored in a skill vector.", nameof(skillId));
    }

    /// <summary>
    /// Reads an encoded vector from its UTF-8 bytes without allocating: <see cref="MoveNext"/> then the current entry's
    /// fields. For loaders that read millions of vectors.
    /// </summary>
    public ref struct Utf8Reader(ReadOnlySpan<byte> text)
    {
        private ReadOnlySpan<byte> _rest = text;

        public ReadOnlySpan<byte> SkillId { get; private set; }
        public double Level { get; private set; }
        public SkillSource Source { get; private set; }
        public ReadOnlySpan<byte> Via { get; private set; }

        public bool MoveNext()
        {
            if (_rest.IsEmpty) return false;
            var end = _rest.IndexOf((byte)EntrySeparator);
            var entry = end < 0 ? _rest : _rest[..end];
            if (end == _rest.Length - 1) throw Bad(_rest); // a trailing separator: an empty last entry
            _rest = end < 0 ? [] : _rest[(end + 1)..];

            var colon = entry.IndexOf((byte)FieldSeparator);
            if (colon <= 0) throw Bad(entry);
            SkillId = entry[..colon];
            entry = entry[(colon + 1)..];
            colon = entry.IndexOf((byte)FieldSeparator);
            if (colon <= 0 || !double.TryParse(entry[..colon], NumberStyles.Float, CultureInfo.InvariantCulture, out var level)) throw Bad(entry);
            Level = level;
            entry = entry[(colon + 1)..];
            // The source is one letter, then either nothing or ':' and a via that is itself one field.
            if (entry.IsEmpty || (entry.Length > 1 && (entry[1] != (byte)FieldSeparator || entry.Length == 2
                                                        || entry[2..].IndexOf((byte)FieldSeparator) >= 0)))
                throw Bad(entry);
            Source = SourceOf(entry[0]);
            Via = entry.Length > 2 ? entry[2..] : [];
            return true;
        }

        private static FormatException Bad(ReadOnlySpan<byte> entry) =>
            new($"'{Encoding.UTF8.GetString(entry)}' is not a skill vector entry (skill:level:source[:via]).");
    }
}
