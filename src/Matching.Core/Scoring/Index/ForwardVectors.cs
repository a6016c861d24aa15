using System.Buffers.Binary;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;

namespace Matching.Core.Scoring.Index;

/// <summary>One normalised entry of a profile's vector, as the index keeps it for explanations.</summary>
internal readonly record struct VectorEntry(int Skill, double Level, SkillSource Source, int Via);

/// <summary>
/// A profile's normalised vector as compact bytes, so that the index can explain its hits with <see cref="Scorer"/> on
/// exactly the version it ranked, without a database read. About 3–5 bytes per skill.
/// </summary>
/// <remarks>
/// Entries in ascending skill ordinal. Per entry: a varint <c>(ordinal − previous ordinal) × 4 + kind</c>, kind 0 =
/// mentioned, 1 = manual, 2 = inferred, 3 = inferred with a via; then the level as a varint code: k / 100 when the level is
/// exactly k / 10,000 and k a multiple of 100 (two decimals: one byte), 101 + k for other exact k / 10,000 (up to four
/// decimals, as extraction and recruiters give them), else <see cref="RawLevel"/> followed by the 8 bytes of the double,
/// so that an explanation shows the level exactly as stored; then, for kind 3, the via's ordinal as a varint.
/// </remarks>
internal static class VectorCodec
{
    private const int LevelScale = 10_000;
    private const int FineCodes = 101;
    private const int RawLevel = FineCodes + LevelScale + 1;
    internal const uint RawLevelCode = RawLevel;
    internal const uint FineCodeBase = FineCodes;

    /// <summary>The level of a non-raw level code.</summary>
    internal static double LevelOfCode(uint code) => (code < FineCodes ? code * 100 : code - FineCodes) / (double)LevelScale;

    public static void Encode(ReadOnlySpan<VectorEntry> sorted, Growable<byte> into)
    {
        var previous = 0;
        foreach (var e in sorted)
        {
            var kind = e.Source switch
            {
                SkillSource.Mentioned => 0,
                SkillSource.Manual => 1,
                _ => e.Via >= 0 ? 3 : 2,
            };
            WriteVarint(into, ((uint)(e.Skill - previous) << 2) | (uint)kind);
            previous = e.Skill;
            var scaled = e.Level * LevelScale;
            if (scaled is >= 0 and <= LevelScale && Math.Round(scaled) is var k && k / LevelScale == e.Level
                && !(e.Level == 0 && double.IsNegative(e.Level)))
                WriteVarint(into, k % 100 == 0 ? (uint)(k / 100) : (uint)(FineCodes + k));
            else
            {
                WriteVarint(into, RawLevel);
                BinaryPrimitives.WriteDoubleLittleEndian(into.Append(8), e.Level);
            }
            if (kind == 3) WriteVarint(into, (uint)e.Via);
        }
    }

    /// <summary>
    /// The vector keyed by ordinal, as skills without evidence (what <see cref="Scorer"/> reads), keeping only the skills
    /// <paramref name="wanted"/> marks (null: all), so that explaining a hit decodes the few skills a job can reach.
    /// </summary>
    public static void DecodeInto(ReadOnlySpan<byte> bytes, SkillTaxonomy taxonomy, bool[]? wanted, Dictionary<int, ScoredSkill> into)
    {
        into.Clear();
        var at = 0;
        var skill = 0;
        while (at < bytes.Length)
        {
            var head = ReadVarint(bytes, ref at);
            skill += (int)(head >> 2);
            var kind = head & 3;
            var code = ReadVarint(bytes, ref at);
            double level;
            if (code == RawLevel)
            {
                level = BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(at, 8));
                at += 8;
            }
            else level = (code < FineCodes ? code * 100 : code - FineCodes) / (double)LevelScale;
            var via = kind == 3 ? (int)ReadVarint(bytes, ref at) : -1;
            if (wanted is not null && !wanted[skill]) continue;
            var source = kind switch { 0 => SkillSource.Mentioned, 1 => SkillSource.Manual, _ => SkillSource.Inferred };
            into[skill] = new ScoredSkill(taxonomy[skill].Id, level, source, via >= 0 ? taxonomy[via].Id : null,
                source != SkillSource.Inferred ? -1 : via >= 0 ? via : skill, []);
        }
    }

    private static void WriteVarint(Growable<byte> into, uint value)
    {
        while (value >= 0x80)
        {
            into.Add((byte)(value | 0x80));
            value >>= 7;
        }
        into.Add((byte)value);
    }

    private static uint ReadVarint(ReadOnlySpan<byte> bytes, ref int at)
    {
        uint value = 0;
        var shift = 0;
        while (true)
        {
            var b = bytes[at++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return value;
            shift += 7;
        }
    }
}

/// <summary>Encoded vectors by ordinal, in one byte array (a base segment's; no object per profile).</summary>
internal sealed class VectorStore(byte[] data, int[] offsets)
{
    public static readonly VectorStore Empty = new([], [0]);

    public int Count => offsets.Length - 1;

    public ReadOnlySpan<byte> this[int ordinal] => data.AsSpan(offsets[ordinal], offsets[ordinal + 1] - offsets[ordinal]);

    public long EstimatedBytes() => data.LongLength + offsets.LongLength * 4;

    /// <summary>Collects vectors in ordinal order.</summary>
    public sealed class Writer(int expected = 16)
    {
        private readonly Growable<byte> _data = new();
        private readonly Growable<int> _offsets = NewOffsets(expected);

        public void Add(ReadOnlySpan<byte> vector)
        {
            vector.CopyTo(_data.Append(vector.Length));
            _offsets.Add(_data.Count);
        }

        public VectorStore Finish() => new(_data.ToArray(), _offsets.ToArray());

        private static Growable<int> NewOffsets(int expected)
        {
            var offsets = new Growable<int>(expected + 1);
            offsets.Add(0);
            return offsets;
        }
    }
}

internal static class VectorEntries
{
    /// <summary>Every entry of an encoded vector, in ordinal order (levels exactly as stored; Via −1 when none).</summary>
    public static void Decode(ReadOnlySpan<byte> bytes, List<VectorEntry> into)
    {
        into.Clear();
        var at = 0;
        var skill = 0;
        while (at < bytes.Length)
        {
            var head = ReadVarint(bytes, ref at);
            skill += (int)(head >> 2);
            var kind = head & 3;
            var code = ReadVarint(bytes, ref at);
            double level;
            if (code == VectorCodec.RawLevelCode)
            {
                level = System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(at, 8));
                at += 8;
            }
            else level = VectorCodec.LevelOfCode(code);
            var via = kind == 3 ? (int)ReadVarint(bytes, ref at) : -1;
            var source = kind switch { 0 => SkillSource.Mentioned, 1 => SkillSource.Manual, _ => SkillSource.Inferred };
            into.Add(new VectorEntry(skill, level, source, via));
        }
    }

    /// <summary>
    /// The skill ordinals of an encoded vector whose level is above 0 (as quantised), written to <paramref name="into"/>
    /// (room for bytes.Length / 2 entries); returns how many. No allocation.
    /// </summary>
    public static int PositiveSkills(ReadOnlySpan<byte> bytes, Span<int> into)
    {
        // Most entries are a one-byte head and a one-byte level code (two decimals), inferred ones then a via: a fast
        // path for one-byte varints, the general reader otherwise.
        var n = 0;
        var at = 0;
        var skill = 0;
        ref var first = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(bytes);
        var length = bytes.Length;
        while (at < length)
        {
            uint head = System.Runtime.CompilerServices.Unsafe.Add(ref first, at);
            if (head < 0x80) at++;
            else head = ReadVarint(bytes, ref at);
            skill += (int)(head >> 2);
            uint code = System.Runtime.CompilerServices.Unsafe.Add(ref first, at);
            if (code < 0x80) at++;
            else code = ReadVarint(bytes, ref at);
            bool positive;
            if (code == VectorCodec.RawLevelCode)
            {
                positive = ScoringRules.Quantize(System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(at, 8))) > 0;
                at += 8;
            }
            else positive = code != 0;
            if ((head & 3) == 3)
                while (System.Runtime.CompilerServices.Unsafe.Add(ref first, at++) >= 0x80) { }
            into[n] = skill;
            if (positive) n++;
        }
        return n;
    }

    private static uint ReadVarint(ReadOnlySpan<byte> bytes, ref int at)
    {
        uint value = 0;
        var shift = 0;
        while (true)
        {
            var b = bytes[at++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return value;
            shift += 7;
        }
    }
}
