using System.Text;
using Matching.Core.Profiles;

namespace Matching.Core.Tests.Profiles;

/// <summary>
/// The compact text of an effective skill vector (<c>profiles.skill_vector</c>): what Encode writes, Decode and the
/// allocation-free <see cref="SkillVectorText.Utf8Reader"/> must read back exactly, including the spellings a database
/// prints when it builds the text itself (the migrations' backfill).
/// </summary>
public sealed class SkillVectorTextTests
{
    private static ProfileSkill Skill(string id, double level, SkillSource source = SkillSource.Mentioned, string? via = null) =>
        new(id, level, source, [], null, via);

    public static TheoryData<double> Levels => new()
    {
        0.1 + 0.2,            // 0.30000000000000004: not the same double as 0.3
        1e-05,
        0.0,
        1.0,
        0.55,
        1.0 / 3.0,
        0.9999999999999999,   // the largest double below 1
        double.Epsilon,       // the smallest subnormal
        2.2250738585072014e-308,
        0.1,
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public void A_level_reads_back_as_the_same_double(double level)
    {
        var text = SkillVectorText.Encode([Skill("python", level)]);

        var decoded = Assert.Single(SkillVectorText.Decode(text));
        var read = Assert.Single(ReadAll(text));

        Assert.Equal(BitConverter.DoubleToInt64Bits(level), BitConverter.DoubleToInt64Bits(decoded.Level));
        Assert.Equal(BitConverter.DoubleToInt64Bits(level), BitConverter.DoubleToInt64Bits(read.Level));
    }

    [Fact]
    public void Levels_are_written_in_invariant_culture_whatever_the_current_one()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("ru-RU"); // decimal comma
            var text = SkillVectorText.Encode([Skill("python", 0.55), Skill("sql", 0.25)]);

            Assert.Equal("python:0.55:m,sql:0.25:m", text);
            Assert.Equal([0.55, 0.25], SkillVectorText.Decode(text).Select(e => e.Level));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Sources_and_via_round_trip_in_order_and_evidence_is_not_stored()
    {
        IReadOnlyList<ProfileSkill> skills =
        [
            new ProfileSkill("pytorch", 0.55, SkillSource.Mentioned, [new Evidence("Опыт", "PyTorch", 0, 7)], "listed"),
            Skill("deep-learning", 0.55, SkillSource.Inferred, via: "pytorch"),
            Skill("docker", 0.75, SkillSource.Manual),
            Skill("machine-learning", 0.55, SkillSource.Inferred, via: "pytorch"),
        ];

        var text = SkillVectorText.Encode(skills);

        Assert.Equal("pytorch:0.55:m,deep-learning:0.55:i:pytorch,docker:0.75:r,machine-learning:0.55:i:pytorch", text);
        var expected = skills.Select(s => (s.SkillId, s.Level, s.Source, s.Via)).ToList();
        Assert.Equal(expected, SkillVectorText.Decode(text));
        Assert.Equal(expected, ReadAll(text));
    }

    [Fact]
    public void Source_codes_map_both_ways()
    {
        foreach (var source in Enum.GetValues<SkillSource>())
            Assert.Equal(source, SkillVectorText.SourceOf((byte)SkillVectorText.SourceCode(source)));
        Assert.Equal(['m', 'i', 'r'], new[] { SkillSource.Mentioned, SkillSource.Inferred, SkillSource.Manual }.Select(SkillVectorText.SourceCode));
        Assert.Throws<ArgumentOutOfRangeException>(() => SkillVectorText.SourceCode((SkillSource)42));
        Assert.Throws<FormatException>(() => SkillVectorText.SourceOf((byte)'x'));
    }

    [Fact]
    public void An_empty_vector_is_the_empty_string_and_reads_back_empty()
    {
        var text = SkillVectorText.Encode([]);

        Assert.Equal("", text);
        Assert.Empty(SkillVectorText.Decode(text));
        Assert.Empty(ReadAll(text));
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => SkillVectorText.Encode(null!));
        Assert.Throws<ArgumentNullException>(() => SkillVectorText.Decode(null!));
    }

    /// <summary>
    /// What the reader must accept: Encode's own output and the way PostgreSQL (<c>level::text</c>) and SQLite
    /// (<c>CAST(level AS TEXT)</c>) print a double when the migration builds the text in SQL.
    /// </summary>
    [Theory]
    [InlineData("python:1e-05:m", 1e-05)]          // PostgreSQL
    [InlineData("python:1E-05:m", 1e-05)]          // .NET "R"
    [InlineData("python:1.0e-05:m", 1e-05)]        // SQLite
    [InlineData("python:1.0:m", 1.0)]              // SQLite
    [InlineData("python:1:m", 1.0)]                // PostgreSQL
    [InlineData("python:0:m", 0.0)]
    [InlineData("python:0.0:m", 0.0)]
    [InlineData("python:.5:m", 0.5)]
    [InlineData("python:0.30000000000000004:m", 0.30000000000000004)]
    [InlineData("python:0.3:m", 0.3)]
    [InlineData("python:5e-324:m", double.Epsilon)]
    public void The_reader_and_Decode_read_database_spellings_of_a_level_alike(string text, double level)
    {
        var decoded = Assert.Single(SkillVectorText.Decode(text));
        var read = Assert.Single(ReadAll(text));

        Assert.Equal(("python", SkillSource.Mentioned, (string?)null), (decoded.SkillId, decoded.Source, decoded.Via));
        Assert.Equal(BitConverter.DoubleToInt64Bits(level), BitConverter.DoubleToInt64Bits(decoded.Level));
        Assert.Equal(decoded, read);
    }

    [Fact]
    public void The_reader_yields_what_Decode_yields_for_a_database_built_vector()
    {
        // As db/postgres/0020_skill_vectors.sql would build it (ordered by skill id, shortest round-trip levels).
        const string text = "deep-learning:1e-05:i:pytorch,docker:1:r,machine-learning:1e-05:i:pytorch,pytorch:1e-05:m,sql:0.30000000000000004:m";

        var decoded = SkillVectorText.Decode(text);
        var read = ReadAll(text);

        Assert.Equal(decoded, read);
        Assert.Equal(
        [
            ("deep-learning", 1e-05, SkillSource.Inferred, (string?)"pytorch"),
            ("docker", 1.0, SkillSource.Manual, null),
            ("machine-learning", 1e-05, SkillSource.Inferred, "pytorch"),
            ("pytorch", 1e-05, SkillSource.Mentioned, null),
            ("sql", 0.1 + 0.2, SkillSource.Mentioned, null),
        ], decoded);
    }

    [Fact]
    public void The_reader_handles_non_ascii_skill_ids_and_long_vectors()
    {
        var skills = Enumerable.Range(0, 500)
            .Select(i => Skill($"навык-{i}", i / 499.0, (SkillSource)(i % 3), i % 3 == 1 ? $"родитель-{i}" : null))
            .ToList();
        var text = SkillVectorText.Encode(skills);

        var expected = skills.Select(s => (s.SkillId, s.Level, s.Source, s.Via)).ToList();
        Assert.Equal(expected, SkillVectorText.Decode(text));
        Assert.Equal(expected, ReadAll(text));
    }

    /// <summary>Entries a corrupted or hand-written column might hold; both readers must refuse them.</summary>
    [Theory]
    [InlineData("python")]                          // no level, no source
    [InlineData("python:0.5")]                      // no source
    [InlineData("python:0.5:")]                     // empty source
    [InlineData(":0.5:m")]                          // no skill id
    [InlineData("python::m")]                       // no level
    [InlineData("python:abc:m")]                    // not a number
    [InlineData("python:0.5x:m")]                   // trailing garbage in the level
    [InlineData("python:0,5:m")]                    // decimal comma splits the entry
    [InlineData("python:0.5:x")]                    // unknown source letter
    [InlineData("python:0.5:M")]                    // source letters are lower case
    [InlineData("python:0.5:m,,sql:0.5:m")]         // an empty entry in the middle
    [InlineData(",python:0.5:m")]                   // an empty first entry
    [InlineData("python:0.5:m,sql")]                // a later entry is broken
    public void A_malformed_entry_is_a_FormatException_from_both_readers(string text)
    {
        Assert.Throws<FormatException>(() => SkillVectorText.Decode(text));
        Assert.Throws<FormatException>(() => ReadAll(text));
    }

    [Theory]
    [InlineData("python:0.5:mi")]                   // a two-letter source
    [InlineData("python:0.5:m:via:extra")]          // five fields
    [InlineData("python:0.5:m,")]                   // a trailing empty entry
    public void Decode_refuses_entries_with_extra_fields_or_letters(string text)
    {
        Assert.Throws<FormatException>(() => SkillVectorText.Decode(text));
    }

    [Theory]
    [InlineData("c:python")]
    [InlineData("a,b")]
    [InlineData(":")]
    [InlineData(",")]
    [InlineData("")]
    public void A_skill_id_that_cannot_be_stored_is_refused_by_Encode(string skillId)
    {
        Assert.Throws<ArgumentException>(() => SkillVectorText.Encode([Skill("python", 0.5), Skill(skillId, 0.5)]));
    }

    [Theory]
    [InlineData("c:python")]
    [InlineData("a,b")]
    public void A_via_that_cannot_be_stored_is_refused_by_Encode(string via)
    {
        Assert.Throws<ArgumentException>(() => SkillVectorText.Encode([Skill("python", 0.5, SkillSource.Inferred, via)]));
    }

    /// <summary>Every entry of the reader, with an empty via as null (as Decode gives it).</summary>
    private static List<(string SkillId, double Level, SkillSource Source, string? Via)> ReadAll(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var entries = new List<(string, double, SkillSource, string?)>();
        var reader = new SkillVectorText.Utf8Reader(bytes);
        while (reader.MoveNext())
        {
            entries.Add((Encoding.UTF8.GetString(reader.SkillId), reader.Level, reader.Source,
                reader.Via.IsEmpty ? null : Encoding.UTF8.GetString(reader.Via)));
        }
        return entries;
    }
}
