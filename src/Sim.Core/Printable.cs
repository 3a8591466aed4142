namespace T2CSim.Core;

using System.Globalization;
using System.Text;

/// <summary>
/// Text from outside (a scenario's keys and values, a file's bytes, a peer's strings) made safe for a
/// one-line message: control characters, other non-printable characters and lone surrogates become
/// \xNN or \uNNNN escapes, and long text is cut, so an error can never write raw bytes to a terminal
/// or span several lines.
/// </summary>
public static class Printable
{
    public static string Escape(string? text, int maxChars = 120)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var sb = new StringBuilder(Math.Min(text.Length, maxChars) + 8);
        for (int i = 0; i < text.Length; i++)
        {
            if (sb.Length >= maxChars) { sb.Append("..."); break; }
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            bool printable = category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);
            if (c == '\uFFFD') printable = false; // what undecodable bytes became: say so rather than draw a glyph
            if (printable) sb.Append(c);
            else if (c <= 0xff) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
