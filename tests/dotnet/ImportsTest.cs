// The .NET wrapper wraps every function of the C API: the function names declared in
// include/idiligo.h and the DllImport entry points of the built Idiligo.dll (read by
// reflection, so the check sees what ships) must be the same set, with the same number of
// parameters, every import Cdecl, and no import returning `string` (the CLR would free the
// returned char * with the wrong allocator). Every difference is named on its own line.
// Then the check checks itself: against a copy of the header with one declaration removed
// it must name exactly that function, and against one with an extra declaration exactly
// that one. Prints "N passed, M failed".
//
//   mono ImportsTest.exe path/to/idiligo.h path/to/Idiligo.dll
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

static class ImportsTest
{
    static int pass, fail;

    static void Check(bool cond, string what)
    {
        if (cond) pass++;
        else { fail++; Console.Error.WriteLine("FAIL: " + what); }
    }

    /// <summary>Function name -> parameter count, from the header's declarations.</summary>
    static Dictionary<string, int> HeaderFunctions(string header)
    {
        // Comments in one left-to-right pass (a "/*" inside a line comment starts nothing).
        var text = Regex.Replace(header, @"//[^\n]*|/\*.*?\*/", " ", RegexOptions.Singleline);
        text = Regex.Replace(text, @"^\s*#[^\n]*", " ", RegexOptions.Multiline);
        var fns = new Dictionary<string, int>();
        foreach (var decl in text.Split(';'))
        {
            var d = Regex.Replace(decl, @"\s+", " ");
            if (d.Contains("typedef")) continue; // callback types: (*idiligo_x_cb)(...)
            var m = Regex.Match(d, @"\b(idiligo_\w+)\(([^()]*)\)\s*$");
            if (!m.Success) continue;
            var ps = m.Groups[2].Value.Trim();
            fns[m.Groups[1].Value] = ps == "" || ps == "void" ? 0 : ps.Split(',').Length;
        }
        return fns;
    }

    /// <summary>Entry point -> the import, from every DllImport of the assembly.</summary>
    static Dictionary<string, MethodInfo> Imports(Assembly asm)
    {
        var imports = new Dictionary<string, MethodInfo>();
        Type[] types;
        try { types = asm.GetTypes(); }
        catch (ReflectionTypeLoadException e) { types = e.Types.Where(t => t != null).ToArray(); }
        foreach (var t in types)
            foreach (var m in t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if ((m.Attributes & MethodAttributes.PinvokeImpl) == 0) continue;
                var a = (DllImportAttribute)m.GetCustomAttributes(typeof(DllImportAttribute), false).FirstOrDefault();
                var entry = a != null && !string.IsNullOrEmpty(a.EntryPoint) ? a.EntryPoint : m.Name;
                Check(!imports.ContainsKey(entry), "entry point " + entry + " imported once");
                imports[entry] = m;
                Check(a != null, entry + ": DllImportAttribute readable");
                if (a == null) continue;
                Check(a.Value == "idiligo", entry + ": imported from \"idiligo\" (is \"" + a.Value + "\")");
                Check(a.CallingConvention == CallingConvention.Cdecl, entry + ": CallingConvention.Cdecl");
                Check(m.ReturnType != typeof(string), entry + ": returns IntPtr, not string");
            }
        return imports;
    }

    /// <summary>Every difference between the header and the imports, one line each.</summary>
    static List<string> Differences(Dictionary<string, int> header, Dictionary<string, MethodInfo> imports)
    {
        var diffs = new List<string>();
        foreach (var f in header.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            MethodInfo m;
            if (!imports.TryGetValue(f, out m))
                diffs.Add("declared in idiligo.h, no DllImport in Idiligo.dll: " + f);
            else if (m.GetParameters().Length != header[f])
                diffs.Add(f + ": " + header[f] + " parameters in idiligo.h, " + m.GetParameters().Length + " in the DllImport");
        }
        foreach (var f in imports.Keys.OrderBy(k => k, StringComparer.Ordinal))
            if (!header.ContainsKey(f))
                diffs.Add("DllImport in Idiligo.dll, not declared in idiligo.h: " + f);
        return diffs;
    }

    static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: ImportsTest.exe path/to/idiligo.h path/to/Idiligo.dll");
            return 2;
        }
        var headerText = File.ReadAllText(args[0]);
        var header = HeaderFunctions(headerText);
        var imports = Imports(Assembly.LoadFrom(args[1]));
        Console.WriteLine(header.Count + " functions in " + args[0] + ", " + imports.Count + " DllImport entry points in " + args[1]);
        Check(header.Count > 200, "the header parse found the functions (" + header.Count + ")");
        Check(header.ContainsKey("idiligo_client_new") && header["idiligo_client_new"] == 3, "idiligo_client_new has 3 parameters");
        Check(header.ContainsKey("idiligo_version") && header["idiligo_version"] == 0, "idiligo_version(void) has none");
        var diffs = Differences(header, imports);
        foreach (var d in diffs) Console.Error.WriteLine("  " + d);
        Check(diffs.Count == 0, diffs.Count + " differences between idiligo.h and the DllImports");

        // The check is not blind: one declaration removed, one added.
        var victim = header.Keys.OrderBy(k => k, StringComparer.Ordinal).Skip(header.Count / 2).First();
        var m1 = Regex.Match(headerText, @"\n[^;\n]*\b" + victim + @"\([^;]*;");
        Check(m1.Success, "found the declaration of " + victim);
        var removed = Differences(HeaderFunctions(headerText.Remove(m1.Index, m1.Length)), imports);
        Check(removed.Count == diffs.Count + 1 && removed.Any(d => d.EndsWith(": " + victim) && d.StartsWith("DllImport")),
            "a header without " + victim + " is reported as exactly that (" + string.Join("; ", removed) + ")");
        var added = Differences(HeaderFunctions(headerText + "\nint32_t idiligo_selftest_new_function(const char *x, idiligo_error **err);\n"), imports);
        Check(added.Count == diffs.Count + 1 && added.Any(d => d == "declared in idiligo.h, no DllImport in Idiligo.dll: idiligo_selftest_new_function"),
            "a header with one more function is reported as exactly that");
        var arity = Differences(HeaderFunctions(headerText.Replace("idiligo_cancel_trigger(const idiligo_cancel *cancel)", "idiligo_cancel_trigger(const idiligo_cancel *cancel, int extra)")), imports);
        Check(arity.Count == diffs.Count + 1 && arity.Any(d => d.StartsWith("idiligo_cancel_trigger: 2 parameters")),
            "a changed parameter count is reported");

        Console.WriteLine(pass + " passed, " + fail + " failed");
        return fail == 0 && pass > 0 ? 0 : 1;
    }
}
