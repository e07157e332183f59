// Marks one symbol-version need of an ELF64 shared library as weak (VER_FLG_WEAK).
//
// Why: TorchSharp 0.107's libLibTorchSharp.so was linked with GCC 13 and records a need for
// GLIBCXX_3.4.32 for a symbol it never calls. The dynamic loader refuses a library whose
// non-weak version needs are unmet, so it does not load on Debian 12 (GLIBCXX_3.4.30).
// A weak need that is unmet is only reported, not fatal.
//
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory as the build task (see
// TorchSharpNativeFix.targets), and by the test project with ELF_PATCHER_CORE_ONLY defined,
// which leaves out the MSBuild task class.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace DGNet.Build
{
    /// <summary>Outcome of <see cref="ElfVersionNeedPatcher.MarkWeak"/>.</summary>
    public enum VersionNeedPatchResult
    {
        /// <summary>The version need was found and its weak flag set.</summary>
        Patched,
        /// <summary>The version need was found and was already weak.</summary>
        AlreadyWeak,
        /// <summary>The file records no need for that version.</summary>
        NotFound,
    }

    /// <summary>Reads and edits the version-needs section (.gnu.version_r) of an ELF64 little-endian file.</summary>
    public static class ElfVersionNeedPatcher
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlagWeak = 0x2;

        /// <summary>One Elf64_Vernaux record: a version name needed from a file, with its flags.</summary>
        public sealed class VersionNeed
        {
            public string File = "";
            public string Name = "";
            public uint Hash;
            public ushort Flags;
            /// <summary>Byte offset of the record's vna_flags field in the file.</summary>
            public long FlagsOffset;
            public bool IsWeak { get { return (Flags & VerFlagWeak) != 0; } }
        }

        /// <summary>The standard System V ELF hash of a symbol or version name.</summary>
        public static uint ElfHash(string name)
        {
            uint h = 0;
            foreach (byte c in Encoding.ASCII.GetBytes(name))
            {
                h = (h << 4) + c;
                uint g = h & 0xf0000000;
                if (g != 0) h ^= g >> 24;
                h &= ~g;
            }
            return h;
        }

        /// <summary>Lists every version need recorded in the image.</summary>
        /// <exception cref="InvalidDataException">The image is not a well-formed ELF64 little-endian file.</exception>
        public static List<VersionNeed> ReadVersionNeeds(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

            long shoff = (long)U64(elf, 0x28);
            int shentsize = U16(elf, 0x3A);
            int shnum = U16(elf, 0x3C);
            if (shentsize < 64 || shoff <= 0 || shoff + (long)shnum * shentsize > elf.Length)
                throw new InvalidDataException("section header table lies outside the file");

            var needs = new List<VersionNeed>();
            for (int s = 0; s < shnum; s++)
            {
                long sh = shoff + (long)s * shentsize;
                if (U32(elf, sh + 4) != ShtGnuVerneed) continue;

                long offset = (long)U64(elf, sh + 24);
                long size = (long)U64(elf, sh + 32);
                uint link = U32(elf, sh + 40);
                uint count = U32(elf, sh + 44);
                if (offset < 0 || offset + size > elf.Length || link >= shnum)
                    throw new InvalidDataException("version-needs section lies outside the file");
                long strtab = (long)U64(elf, shoff + (long)link * shentsize + 24);

                long vn = offset;
                for (uint i = 0; i < count; i++)
                {
                    Check(elf, vn, 16);
                    int cnt = U16(elf, vn + 2);
                    string file = CString(elf, strtab + U32(elf, vn + 4));
                    long aux = vn + U32(elf, vn + 8);
                    for (int j = 0; j < cnt; j++)
                    {
                        Check(elf, aux, 16);
                        needs.Add(new VersionNeed
                        {
                            File = file,
                            Hash = U32(elf, aux),
                            Flags = (ushort)U16(elf, aux + 4),
                            Name = CString(elf, strtab + U32(elf, aux + 8)),
                            FlagsOffset = aux + 4,
                        });
                        uint nextAux = U32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = U32(elf, vn + 12);
                    if (next == 0) break;
                    vn += next;
                }
            }
            return needs;
        }

        /// <summary>Sets VER_FLG_WEAK on the need for <paramref name="versionName"/>, in memory.</summary>
        public static VersionNeedPatchResult MarkWeak(byte[] elf, string versionName)
        {
            uint hash = ElfHash(versionName);
            var result = VersionNeedPatchResult.NotFound;
            foreach (var need in ReadVersionNeeds(elf))
            {
                if (need.Hash != hash || need.Name != versionName) continue;
                if (need.IsWeak)
                {
                    if (result == VersionNeedPatchResult.NotFound) result = VersionNeedPatchResult.AlreadyWeak;
                    continue;
                }
                ushort flags = (ushort)(need.Flags | VerFlagWeak);
                elf[need.FlagsOffset] = (byte)(flags & 0xff);
                elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
                result = VersionNeedPatchResult.Patched;
            }
            return result;
        }

        /// <summary>
        /// Patches the file at <paramref name="path"/> through a copy that is then renamed over it,
        /// so that a hard link into a package cache is never written through.
        /// </summary>
        public static VersionNeedPatchResult MarkWeakInFile(string path, string versionName)
        {
            byte[] image = File.ReadAllBytes(path);
            var result = MarkWeak(image, versionName);
            if (result != VersionNeedPatchResult.Patched) return result;

            string temp = path + ".weak-tmp";
            File.Copy(path, temp, true); // keeps the original's permissions
            File.WriteAllBytes(temp, image);
            File.Delete(path);
            File.Move(temp, path);
            return result;
        }

        /// <summary>
        /// True when a library named <paramref name="soname"/> in the usual system folders defines
        /// <paramref name="versionName"/>; then nothing needs patching.
        /// </summary>
        public static bool SystemLibraryHasVersion(string soname, string versionName)
        {
            var folders = new List<string>();
            string ld = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "";
            foreach (string f in ld.Split(':')) if (f.Length > 0) folders.Add(f);
            folders.AddRange(new[]
            {
                "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
            });
            byte[] needle = Encoding.ASCII.GetBytes(versionName + "\0");
            foreach (string folder in folders)
            {
                string candidate = Path.Combine(folder, soname);
                if (!File.Exists(candidate)) continue;
                return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
            }
            return false;
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack[i] != needle[0]) continue;
                int k = 1;
                while (k < needle.Length && haystack[i + k] == needle[k]) k++;
                if (k == needle.Length) return i;
            }
            return -1;
        }

        private static void Check(byte[] b, long at, int length)
        {
            if (at < 0 || at + length > b.Length) throw new InvalidDataException("record lies outside the file");
        }

        private static int U16(byte[] b, long at) { Check(b, at, 2); return b[at] | (b[at + 1] << 8); }
        private static uint U32(byte[] b, long at) { Check(b, at, 4); return (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)); }
        private static ulong U64(byte[] b, long at) { return U32(b, at) | ((ulong)U32(b, at + 4) << 32); }

        private static string CString(byte[] b, long at)
        {
            long end = at;
            while (end < b.Length && b[end] != 0) end++;
            if (at < 0 || end >= b.Length) throw new InvalidDataException("string lies outside the file");
            return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
        }
    }

#if !ELF_PATCHER_CORE_ONLY
    /// <summary>MSBuild task: marks <see cref="VersionName"/> weak in each existing file of <see cref="Files"/>.</summary>
    public class MarkVersionNeedWeak : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = new Microsoft.Build.Framework.ITaskItem[0];

        [Microsoft.Build.Framework.Required]
        public string VersionName { get; set; } = "";

        /// <summary>The system library that would provide the version (its soname).</summary>
        public string ProvidingLibrary { get; set; } = "libstdc++.so.6";

        public override bool Execute()
        {
            if (ElfVersionNeedPatcher.SystemLibraryHasVersion(ProvidingLibrary, VersionName))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                    "The system " + ProvidingLibrary + " provides " + VersionName + "; native libraries left as they are.");
                return true;
            }
            foreach (var item in Files)
            {
                string path = item.ItemSpec;
                if (!File.Exists(path)) continue;
                try
                {
                    var result = ElfVersionNeedPatcher.MarkWeakInFile(path, VersionName);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                        path + ": " + VersionName + " need " + result);
                }
                catch (Exception e)
                {
                    Log.LogWarning("Could not mark " + VersionName + " weak in " + path + ": " + e.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
