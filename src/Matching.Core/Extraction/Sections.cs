using Matching.Core.Extraction.Text;
using Matching.Core.Profiles;

namespace Matching.Core.Extraction;

/// <summary>What a question (or a label such as "Опыт работы:") says about the answer that follows it.</summary>
[Flags]
internal enum SectionTraits
{
    None = 0,
    /// <summary>Asks about paid work: "опыт коммерческой разработки", "в своей работе", "at work".</summary>
    Work = 1,
    /// <summary>Asks for a list of tools, languages, libraries.</summary>
    List = 2,
    /// <summary>Asks what the candidate is familiar with, not what they use.</summary>
    Familiar = 4,
    Course = 8,
    Project = 16,
    Research = 32,
    /// <summary>Names technology, so a short ambiguous alias in the answer ("Go", "R") is meant as one.</summary>
    Technical = 64,
    /// <summary>Asks what the candidate wants ("What would you like to learn next?"): skills named there are wishes.</summary>
    Aspiration = 128,
    /// <summary>Names the candidate's stack ("Стек", "Main stack"): the tools of their everyday work.</summary>
    Stack = 256,
    /// <summary>
    /// Asks about tasks or experience in general ("опишите проекты или задачи, в которых применяли…"): a project word
    /// beside it does not make the answer about the candidate's own projects.
    /// </summary>
    Tasks = 512,
    /// <summary>
    /// Says what the candidate lacks ("Чего нет / что не моё", "Not my strengths", "Weak spots"): a skill named there
    /// without a word of the candidate's own use or a hedge of how little ("basic", "немного") is not the candidate's.
    /// </summary>
    Gaps = 1024,
    /// <summary>
    /// Asks what other people do ("Что делают другие команды", "Which parts are owned by other teams?"): a skill named
    /// there without a word of the candidate's own use or a hedge of how little is someone else's work.
    /// </summary>
    OthersWork = 2048,
    /// <summary>
    /// Asks for anything else ("Что ещё хотите добавить?", "Anything else you'd like to add?"): a closing question, not one
    /// about wishes, whatever its "хотите" or "would like".
    /// </summary>
    AnythingElse = 4096,
}

internal enum ExperienceKind { None, Commercial, Internship, Academic }

/// <summary>
/// A part of the questionnaire that is analysed on its own: an answer, an experience entry, a labelled block.
/// <see cref="Ranges"/> are the candidate-written spans of <see cref="Source"/> (never the question itself).
/// </summary>
internal sealed class Section
{
    public required string Source { get; init; }
    /// <summary>The question or heading the quotes of this section are filed under.</summary>
    public required string Name { get; init; }
    public int? Answer { get; init; }
    public List<(int Start, int End)> Ranges { get; } = [];
    public SectionTraits Traits { get; init; }
    public Experience? Experience { get; init; }
    public ExperienceKind ExperienceKind { get; init; }
    /// <summary>The heading or label that opened this section, as written (used to read a vacancy's blocks).</summary>
    public string? Title { get; init; }
    /// <summary>Opened by a label line ("Concretely:", "Навыки:"), not by a question or a heading.</summary>
    public bool Label { get; init; }
    /// <summary>An experience entry's years as its heading or line gives them (To null: until now); null when not given.</summary>
    public (int From, int? To)? Years { get; init; }
    /// <summary>
    /// Part of a questionnaire's answer: a question's own section, or an experience entry under a question ("1. Расскажите
    /// о коммерческом опыте" → "#### ДНС технологии"). The order of such answers is the questions', not the candidate's.
    /// </summary>
    public bool Answers { get; init; }
    /// <summary>The range of the role in an experience heading, scanned like the body ("Backend developer (Go)").</summary>
    public (int Start, int End)? Heading { get; init; }
}

/// <summary>Splits a questionnaire into sections: questions and their answers, experience entries, labelled blocks.</summary>
internal static class Sections
{
    public static List<Section> Split(Questionnaire q, Lexicon lexicon)
    {
        var sections = new List<Section>();
        switch (q.Format)
        {
            case QuestionnaireFormat.Qa:
                var answers = q.Answers ?? [];
                for (var i = 0; i < answers.Count; i++)
                {
                    var answer = answers[i]?.Answer ?? "";
                    var question = answers[i]?.Question?.Trim() ?? "";
                    var s = new Section
                    {
                        Source = answer, Answer = i, Name = question.Length > 0 ? question : $"answer {i + 1}", Answers = true,
                        Traits = TraitsOf(question, lexicon),
                    };
                    s.Ranges.Add((0, answer.Length));
                    sections.Add(s);
                }
                break;
            default:
                new LineParser(q.Content ?? "", q.Format == QuestionnaireFormat.Markdown, sections, lexicon).Run();
                break;
        }
        return sections;
    }

    /// <summary>Reads what a question or label asks for from its cue words and the lexicon's section words.</summary>
    public static SectionTraits TraitsOf(string question, Lexicon lexicon)
    {
        if (string.IsNullOrWhiteSpace(question)) return SectionTraits.None;
        var key = QuestionKey.Of(question);
        return lexicon.TraitsCache.TryGetValue(key, out var known) ? known : lexicon.RememberTraits(key, ReadTraits(question, lexicon));
    }

    private static SectionTraits ReadTraits(string question, Lexicon lexicon)
    {
        var tokens = Tokenizer.Tokenize(question);
        var hits = new List<CueHit>();
        lexicon.Find(tokens, 0, tokens.Count, hits);
        var traits = SectionTraits.None;
        foreach (var h in hits)
        {
            traits |= h.Kind switch
            {
                CueKind.Commercial => SectionTraits.Work,
                // "Опишите пайплайн обучения модели" names technology, but asks for a description, not a list of tools.
                CueKind.TechContext => SectionTraits.Technical,
                CueKind.Hedge when h.Value <= 0.25 => SectionTraits.Familiar,
                CueKind.Course => SectionTraits.Course,
                CueKind.Project => SectionTraits.Project,
                CueKind.Research => SectionTraits.Research,
                CueKind.Intent => SectionTraits.Aspiration,
                _ => SectionTraits.None,
            };
        }
        for (var i = 0; i < tokens.Count; i++)
        {
            // "Would you like", "хотите", "планируете": the answer is about wishes, not skills.
            if (lexicon.SectionExact.TryGetValue(tokens[i].Key, out var exact)) traits |= exact;
            if (i > 0 && lexicon.SectionExact.TryGetValue(tokens[i - 1].Key + " " + tokens[i].Key, out var pair)) traits |= pair;
            if (i > 1 && lexicon.SectionExact.TryGetValue(tokens[i - 2].Key + " " + tokens[i - 1].Key + " " + tokens[i].Key, out var triple)) traits |= triple;
            // "Опыт работы", "Work experience" only as short labels; "Навыки", "Stack", "Образование" anywhere.
            if (lexicon.SectionStems.TryGetValue(tokens[i].Match, out var trait) && (trait != SectionTraits.Work || tokens.Count <= 4))
                traits |= trait;
        }
        if ((traits & SectionTraits.Tasks) != 0) traits &= ~SectionTraits.Project;
        if ((traits & SectionTraits.AnythingElse) != 0) traits &= ~SectionTraits.Aspiration;
        // "WHERE MY EXPERIENCE ENDS", "Опыт, которого нет": a heading of gaps names experience to say where it ends.
        if ((traits & SectionTraits.Gaps) != 0) traits &= ~SectionTraits.Work;
        // "Which parts did you build yourself, and which are owned by others?": asked of the candidate, it is not about
        // others' work only.
        if ((traits & SectionTraits.OthersWork) != 0 && tokens.Exists(t => lexicon.Is(WordKind.SecondPerson, t.Key)))
            traits &= ~SectionTraits.OthersWork;
        return traits;
    }

    /// <summary>Line-by-line reading of markdown and plain text.</summary>
    private sealed class LineParser(string text, bool markdown, List<Section> sections, Lexicon lexicon)
    {
        private Section? _question;     // the current question (or label) section
        private Section? _current;      // where body lines go now
        private int _blankRun;
        private int _labelEnd;          // where the last label line ends
        private bool _questionNext;     // a "Question:" marker alone on its line: the next line is the question

        public void Run()
        {
            var pos = 0;
            while (pos <= text.Length)
            {
                var nl = text.IndexOf('\n', pos);
                var lineEnd = nl < 0 ? text.Length : nl;
                Line(pos, lineEnd);
                if (nl < 0) break;
                pos = nl + 1;
            }
        }

        private void Line(int start, int end)
        {
            var line = text.AsSpan(start, end - start);
            // "> **4. Your ML platform / MLOps stack?**": a markdown blockquote is read as the line it quotes.
            if (markdown)
                while (line.TrimStart() is var quoted && quoted.StartsWith(">"))
                {
                    var skip = line.Length - quoted.Length + 1;
                    start += skip;
                    line = line[skip..];
                }
            var trimmed = line.Trim();
            if (trimmed.IsEmpty)
            {
                _blankRun++;
                // An experience entry of a plain-text CV ends at a blank line; what follows belongs to the block again.
                if (!markdown && _current is { Experience: not null } && _question is not null && _current != _question)
                    _current = _question;
                return;
            }
            var lead = start + (line.Length - line.TrimStart().Length);
            var trail = lead + trimmed.Length;
            var afterBlank = _blankRun > 0;
            _blankRun = 0;

            var hashes = CountHeading(trimmed);
            if (hashes > 0)
            {
                var titleStart = lead + hashes;
                while (titleStart < trail && char.IsWhiteSpace(text[titleStart])) titleStart++;
                var titleEnd = trail;
                while (titleEnd > titleStart && (text[titleEnd - 1] == '#' || char.IsWhiteSpace(text[titleEnd - 1]))) titleEnd--;
                if (hashes <= 3) StartQuestion(titleStart, titleEnd);
                else StartExperience(titleStart, titleEnd);
                return;
            }
            if (IsSeparator(trimmed)) return;

            // In markdown only a marked question of its own ("> Q: Have you used Great Expectations?") is one; an "A:" there
            // is the answer's own text.
            // "Question:\nDescribe your experience with Great Expectations.\nAnswer:\n…": the line after a bare marker is the
            // question itself, not the start of its answer.
            if (_questionNext)
            {
                _questionNext = false;
                if (!QaMarker(trimmed, out _, out _))
                {
                    StartQuestion(lead, trail);
                    return;
                }
            }
            if (QaMarker(trimmed, out var isQuestion, out var markerLength)
                && (!markdown || isQuestion && trimmed.TrimEnd('*').TrimEnd().EndsWith('?') && (afterBlank || _current is null)))
            {
                var contentStart = lead + markerLength;
                while (contentStart < trail && char.IsWhiteSpace(text[contentStart])) contentStart++;
                if (isQuestion && contentStart >= trail) _questionNext = true;
                else if (isQuestion) StartQuestion(contentStart, trail);
                else AddBody(contentStart, trail);
                return;
            }
            if (IsQuestionLine(trimmed, afterBlank || _current is null))
            {
                var (qs, qe, answerStart) = SplitQuestionLine(lead, trail);
                StartQuestion(qs, qe);
                if (answerStart < trail) AddBody(answerStart, trail);
                return;
            }
            if (Experiences.FromDatedLine(text, lead, trail, lexicon) is { } dated)
            {
                StartDatedExperience(dated, lead, trail);
                return;
            }
            // "**BDD / Cucumber**" on a line of its own, under a document's title or another such topic: a questionnaire
            // written as bold topics, each the question its answer below replies to ("Нет, с Cucumber не работала"); a skill
            // the topic names is the question's, not a claim.
            if (markdown && (afterBlank || _current is null) && BoldTopic(trimmed) && _question is null or { Experience: null, Answers: false, Label: false })
            {
                StartQuestion(lead + 2, trail - 2);
                return;
            }
            if (IsLabel(trimmed) || !markdown && afterBlank && HeadsABulletList(trimmed, end))
            {
                StartLabel(lead, trail);
                return;
            }
            if (afterBlank && _current is { Label: true } open && (open.Traits & Scoping) != 0 && open.Ranges[^1].End > _labelEnd && !IsBullet(trimmed))
                EndScopingLabel();
            if (afterBlank && InlineLabel(trimmed) is var colon and > 0 && (TraitsOf(text[lead..(lead + colon)], lexicon) & Scoping) != 0)
            {
                // "what I want next: more backend-heavy work and event-driven stuff": a paragraph that opens with a label of
                // wishes or of what the candidate lacks is a block of its own.
                StartLabel(lead, lead + colon + 1);
                var body = lead + colon + 1;
                while (body < trail && char.IsWhiteSpace(text[body])) body++;
                if (body < trail) AddBody(body, trail);
                return;
            }
            if (InlineQuestion(lead, trail) is var (qStart, qEnd, aStart) && qStart > lead)
            {
                // "…on real devices. Q: Have you used Appium or Detox? A: No, never automated mobile.": a follow-up question
                // asked inside an answer is a question of its own, and what follows its "A:" answers it.
                AddBody(lead, qStart);
                var (outerQuestion, outer) = (_question, _current);
                StartQuestion(qStart + 2, qEnd);
                if (aStart < trail) AddBody(aStart, trail);
                // The lines after it go on with the question they were under.
                if (outer is not null) (_question, _current) = (outerQuestion, outer);
                return;
            }
            AddBody(start, end);
        }

        /// <summary>
        /// " Q: Have you used Appium or Detox? A: No, …" inside a line: where the question starts (at "Q"), where it ends
        /// (after its mark) and where its answer starts (after "A:").
        /// </summary>
        private (int QuestionStart, int QuestionEnd, int AnswerStart)? InlineQuestion(int start, int end)
        {
            var q = text.IndexOf(" Q: ", start, end - start, StringComparison.Ordinal);
            if (q < 0) return null;
            var mark = text.IndexOf('?', q, end - q);
            if (mark < 0) return null;
            var a = text.IndexOf(" A: ", mark, end - mark, StringComparison.Ordinal);
            if (a < 0 || a - mark > 3) return null;
            return (q + 1, mark + 1, a + 4);
        }

        /// <summary>Labels whose block changes what its skills are: wishes, what the candidate lacks, others' work.</summary>
        private const SectionTraits Scoping = SectionTraits.Aspiration | SectionTraits.Gaps | SectionTraits.OthersWork;

        /// <summary>
        /// "Чего нет:" with its list, then a blank line and a paragraph of its own ("Вне 1С: один раз написала скрипт на
        /// Python"): the wishes or gaps end with their list.
        /// </summary>
        private void EndScopingLabel()
        {
            if (markdown && _question is { Label: false } question) { _current = question; return; }
            _current = new Section { Source = text, Name = "" };
            sections.Add(_current);
            if (!markdown) _question = null;
        }

        private static bool IsBullet(ReadOnlySpan<char> line) =>
            line[0] is '-' or '*' or '•' or '–' or '—' || line.Length > 1 && char.IsDigit(line[0]) && line[1] is '.' or ')';

        /// <summary>The colon's index in "label: text…" when a short label (at most 6 words, no sentence end) opens the line; else -1.</summary>
        private static int InlineLabel(ReadOnlySpan<char> line)
        {
            var colon = line.IndexOf(':');
            if (colon < 3 || colon > 60 || colon == line.Length - 1) return -1;
            var label = line[..colon];
            if (label.IndexOfAny('.', '?', '!') >= 0 || CountWords(label) > 6) return -1;
            return colon;
        }

        private void StartQuestion(int start, int end)
        {
            var title = Clean(text[start..end]);
            _question = new Section { Source = text, Name = title, Title = title, Traits = TraitsOf(title, lexicon), Answers = IsQuestionTitle(title) };
            sections.Add(_question);
            _current = _question;
        }

        private void StartLabel(int start, int end)
        {
            var label = Clean(text[start..end]).TrimEnd(':').Trim();
            var parent = _question;
            var keepQuestion = markdown && parent is not null && parent.Experience is null && parent.Name.Length > 0;
            var section = new Section
            {
                Source = text, Name = keepQuestion ? parent!.Name : label, Title = label, Label = true,
                Traits = TraitsOf(label, lexicon) | (keepQuestion ? parent!.Traits : SectionTraits.None),
            };
            section.Ranges.Add((start, end));
            sections.Add(section);
            _current = section;
            _labelEnd = end;
            if (!markdown) _question = section;
        }

        private void StartExperience(int start, int end)
        {
            var (experience, roleStart, roleEnd) = Experiences.FromHeading(text, start, end);
            var kind = Experiences.KindOf(experience, lexicon);
            var section = new Section
            {
                Source = text, Name = text[start..end].Trim(), Experience = experience, ExperienceKind = kind,
                Traits = _question?.Traits ?? SectionTraits.None, Answers = _question?.Answers ?? false,
                Heading = roleEnd > roleStart ? (roleStart, roleEnd) : null,
                Years = Experiences.YearsOf(text, start, end),
            };
            sections.Add(section);
            _current = section;
        }

        private void StartDatedExperience((Experience Experience, int RoleStart, int RoleEnd) dated, int start, int end)
        {
            var section = new Section
            {
                Source = text, Name = text[start..end].Trim(), Experience = dated.Experience,
                ExperienceKind = Experiences.KindOf(dated.Experience, lexicon),
                // "WHAT I HAVE NOT DONE" then "PREVIOUS - PHP Developer, web agency (2017 - 2020)": a dated job ends a label's
                // block of gaps, wishes or others' work; under a question it stays the question's.
                Traits = (_question?.Traits ?? SectionTraits.None) & (_question is { Label: true } ? ~Scoping : ~SectionTraits.None),
                Answers = _question?.Answers ?? false,
                Years = Experiences.YearsOf(text, start, end),
            };
            section.Ranges.Add((start, end));
            sections.Add(section);
            _current = section;
        }

        private void AddBody(int start, int end)
        {
            if (_current is null)
            {
                _current = new Section { Source = text, Name = "" };
                sections.Add(_current);
            }
            var ranges = _current.Ranges;
            // Consecutive lines form one range, so the tokenizer sees the line breaks between them.
            if (ranges.Count > 0 && IsOnlyBlank(ranges[^1].End, start)) ranges[^1] = (ranges[^1].Start, end);
            else ranges.Add((start, end));
        }

        private bool IsOnlyBlank(int from, int to)
        {
            for (var k = from; k < to; k++)
                if (!char.IsWhiteSpace(text[k]) && !IsSeparatorChar(text[k])) return false;
            return true;
        }

        private static bool IsSeparatorChar(char c) => c is '_' or '-' or '*' or '=';

        private static int CountHeading(ReadOnlySpan<char> line)
        {
            var n = 0;
            while (n < line.Length && line[n] == '#') n++;
            return n is >= 1 and <= 6 && (n == line.Length || char.IsWhiteSpace(line[n])) ? n : 0;
        }

        private static bool IsSeparator(ReadOnlySpan<char> line)
        {
            if (line.Length < 3) return false;
            foreach (var c in line) if (!IsSeparatorChar(c) && !char.IsWhiteSpace(c)) return false;
            return true;
        }

        private static bool QaMarker(ReadOnlySpan<char> line, out bool question, out int length)
        {
            question = false;
            length = 0;
            ReadOnlySpan<string> questions = ["Q", "Question", "Вопрос", "В"];
            ReadOnlySpan<string> answers = ["A", "Answer", "Ответ", "О"];
            foreach (var m in questions)
                if (HasMarker(line, m, out length)) { question = true; return true; }
            foreach (var m in answers)
                if (HasMarker(line, m, out length)) return true;
            return false;
        }

        private static bool HasMarker(ReadOnlySpan<char> line, string marker, out int length)
        {
            length = 0;
            if (!line.StartsWith(marker, StringComparison.OrdinalIgnoreCase) || line.Length <= marker.Length) return false;
            var next = line[marker.Length];
            if (next is not (':' or '.' or ')')) return false;
            if (marker.Length == 1 && char.IsLower(line[0])) return false;
            length = marker.Length + 1;
            return true;
        }

        /// <summary>"1. Какой опыт…?", "**Which tools do you use?**", and in plain text any short line ending in '?'.</summary>
        private bool IsQuestionLine(ReadOnlySpan<char> line, bool standsAlone)
        {
            var core = line.Trim('*').Trim();
            if (core.Length < 8 || core.Length > 400) return false;
            var numbered = core.Length > 2 && char.IsDigit(core[0])
                && (core[1] is '.' or ')' || char.IsDigit(core[1]) && core.Length > 3 && core[2] is '.' or ')');
            var bold = line.StartsWith("**") && line.TrimEnd().EndsWith("**");
            var endsWithQuestion = core.TrimEnd().EndsWith('?');
            if (numbered && core.Contains('?')) return true;
            // "**3. SLO и инцидент-менеджмент**": a numbered bold line is a question's heading, with or without its mark.
            if (numbered && bold) return true;
            if (bold && endsWithQuestion) return true;
            // "**Оцените свои навыки по стеку (HTML/CSS, JS, React, TypeScript)**" after "**Какие курсы вы проходили?**": in a
            // questionnaire of bold questions, a whole bold line of its own is the next question, mark or not.
            if (bold && markdown && standsAlone && _question is { Answers: true, Experience: null, Label: false }
                && !line[2..^2].Contains("**", StringComparison.Ordinal) && core[^1] is not ('.' or ':')) return true;
            return !markdown && endsWithQuestion && standsAlone && core.Length <= 200;
        }

        /// <summary>"1. Опишите опыт…", "Which tools do you use?": a question, not a heading such as "Опыт работы".</summary>
        private static bool IsQuestionTitle(string title) => title.Contains('?') || title.Length > 1 && char.IsDigit(title[0]);

        /// <summary>A numbered question may carry its answer on the same line: "4. Какой язык? Python".</summary>
        private (int QuestionStart, int QuestionEnd, int AnswerStart) SplitQuestionLine(int start, int end)
        {
            var mark = text.LastIndexOf('?', end - 1, end - start);
            var qEnd = mark < 0 ? end : mark + 1;
            var answerStart = qEnd;
            while (answerStart < end && (char.IsWhiteSpace(text[answerStart]) || text[answerStart] == '*')) answerStart++;
            // "**2. С какими SIEM работали? (QRadar, Splunk, ArcSight…)**": the examples in brackets after the mark, or
            // anything still inside the question's bold, are the question's own words, not the answer.
            var rest = text.AsSpan(qEnd, end - qEnd).Trim();
            if (rest.Length > 0 && (rest.TrimEnd('*').TrimEnd() is var r && r.Length > 1 && r[0] == '(' && r[^1] == ')'
                                    || text.AsSpan(start, end - start).StartsWith("**") && rest.EndsWith("**") && !rest.StartsWith("**")))
                return (start, end, end);
            return (start, qEnd, answerStart);
        }

        /// <summary>
        /// "Where I'm honest about limits" above "- Streaming is not my core…": in plain text, a short line of its own, with no
        /// full stop, after a blank line and right above a bulleted line, names what the bullets are about.
        /// </summary>
        private bool HeadsABulletList(ReadOnlySpan<char> line, int end)
        {
            if (line.Length > 60 || CountWords(line) > 8 || IsBullet(line) || line[^1] is '.' or ',' or ';' or '!' or '?' or ')') return false;
            // The bullets may follow after one blank line.
            var next = end + 1;
            while (next < text.Length && text[next] is ' ' or '\t' or '\r') next++;
            if (next < text.Length && text[next] == '\n') next++;
            var lineEnd = text.IndexOf('\n', next);
            var below = text.AsSpan(next, (lineEnd < 0 ? text.Length : lineEnd) - next).Trim();
            return !below.IsEmpty && IsBullet(below);
        }

        /// <summary>"**Мобильное тестирование**": a whole line in bold, short, with no full stop or colon.</summary>
        private static bool BoldTopic(ReadOnlySpan<char> line)
        {
            if (line.Length < 6 || !line.StartsWith("**") || !line.EndsWith("**")) return false;
            var core = line[2..^2].Trim();
            return core.Length is > 0 and <= 60 && !core.Contains("**", StringComparison.Ordinal) && core.IndexOfAny('.', ':') < 0;
        }

        /// <summary>"Опыт работы:", "НАВЫКИ", "**Стек**": a short line that names what the lines below are about.</summary>
        private static bool IsLabel(ReadOnlySpan<char> line)
        {
            var core = line.Trim('*').Trim();
            if (core.IsEmpty || core.Length > 80) return false;
            if (line.StartsWith("**") && line.EndsWith("**") && core.Length <= 60 && !core.Contains('.')) return true;
            if (core[^1] == ':' && CountWords(core) <= 14) return true;
            // "THINGS I HAVEN'T DONE (so you don't have to find out in the interview)": capitals with an aside after them.
            var aside = core.IndexOf('(');
            if (aside > 0 && core[^1] == ')') core = core[..aside].TrimEnd();
            var letters = 0;
            foreach (var c in core)
            {
                if (char.IsLower(c)) return false;
                if (char.IsLetter(c)) letters++;
            }
            // "НАВЫКИ", "ЧЕГО НЕ УМЕЮ / ЧЕГО НЕ БЫЛО": a short line in capitals.
            return letters >= 4 && core.Length <= 60 && CountWords(core) <= 8;
        }

        private static int CountWords(ReadOnlySpan<char> s)
        {
            var n = 0;
            var inWord = false;
            foreach (var c in s)
            {
                var w = char.IsLetterOrDigit(c);
                if (w && !inWord) n++;
                inWord = w;
            }
            return n;
        }

        private static string Clean(string title)
        {
            var t = title.Trim().Trim('*').Trim();
            return t.Length > 300 ? t[..300] : t;
        }
    }
}
