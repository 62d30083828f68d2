// Assembly attributes of Idiligo.dll (compiled with Idiligo.cs by tests/c/run.sh and by
// Idiligo.csproj, which sets GenerateAssemblyInfo to false). Not needed when Idiligo.cs is
// copied into another project. The version is the workspace's (Cargo.toml); LibraryTest checks
// that it equals the native library's idiligo_version().
using System.Reflection;

[assembly: AssemblyTitle("Idiligo")]
[assembly: AssemblyDescription(".NET wrapper of libidiligo (Idiligo InsideService20 SDK)")]
[assembly: AssemblyProduct("idiligo")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: AssemblyInformationalVersion("0.1.0")]
