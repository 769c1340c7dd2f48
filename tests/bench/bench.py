"""Benchmarks for satchel (see run.sh).  Prints one line per figure."""
import json, os, resource, shutil, subprocess, sys, tempfile, time

SATCHEL = os.path.abspath(sys.argv[1])
WORK = tempfile.mkdtemp(prefix="satchel-bench-", dir="build")


def ob2(i):
    return {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
            "id": "https://issuer.example/a/%d" % i,
            "recipient": {"type": "email", "hashed": False, "identity": "lena@example.org"},
            "badge": {"type": "BadgeClass", "id": "https://issuer.example/b/%d" % (i % 50),
                      "name": "Badge %d" % i, "description": "Beschreibung " * 10,
                      "criteria": {"narrative": "Kriterien"}, "image": "https://issuer.example/i.png",
                      "issuer": {"id": "https://issuer.example", "type": "Issuer",
                                 "name": "Bench Issuer", "url": "https://issuer.example",
                                 "email": "x@issuer.example"}},
            "issuedOn": "2024-01-01T00:00:00Z", "verification": {"type": "HostedBadge"}}


def ob3(i):
    return {"@context": ["https://www.w3.org/ns/credentials/v2",
                         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:00000000-0000-4000-8000-%012d" % i,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "https://issuer.example/p", "type": ["Profile"], "name": "Akademie"},
            "validFrom": "2024-05-01T00:00:00Z",
            "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:lena",
                                  "achievement": {"id": "https://issuer.example/ach/%d" % i,
                                                  "type": ["Achievement"], "name": "Kurs %d" % i,
                                                  "description": "Ein Kurs " * 10,
                                                  "criteria": {"narrative": "Teilnahme"}}}}


def make_inputs(d, n, start=0):
    os.makedirs(d, exist_ok=True)
    for i in range(start, start + n):
        doc = ob2(i) if i % 2 else ob3(i)
        with open(os.path.join(d, "%06d.json" % i), "w") as f:
            json.dump(doc, f, ensure_ascii=False)


def run(cmd, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit("bench: %s failed: %s" % (cmd, p.stderr.decode()[-500:]))
    # ru_maxrss of children is the max over all waited-for children so far
    return dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main():
    env = dict(os.environ, SATCHEL_PASSPHRASE="bench", SATCHEL_NO_KEYRING="1",
               SATCHEL_WALLET=os.path.join(WORK, "w"), HOME=WORK)
    subprocess.run([SATCHEL, "init", "-q"], env=env, check=True, stdout=subprocess.DEVNULL)
    # Unlocking by passphrase runs scrypt (N = 2^15) in every command; a
    # keyring skips it.  Measured on the empty wallet to tell it apart.
    t_unlock = min(run([SATCHEL, "list", "--json"], env)[0] for _ in range(3))
    inp = os.path.join(WORK, "in1000")
    make_inputs(inp, 1000)
    files = sorted(os.path.join(inp, f) for f in os.listdir(inp))
    # Start from a quiet file system: pending writeback and discards of
    # earlier deletions would otherwise be paid by the import's sync.
    os.sync()
    time.sleep(1)
    base, _ = run(["sha256sum"] + files, env)
    t_imp, rss_imp = run([SATCHEL, "import", "-q", inp], env)
    print("import 1000 mixed (OB 2.0 + OB 3.0 JSON, encrypted): %.2f s (goal 3 s); "
          "baseline sha256sum %.3f s; ratio %.0fx" % (t_imp, base, t_imp / base))
    big = os.path.join(WORK, "in9000")
    make_inputs(big, 9000, start=1000)
    subprocess.run([SATCHEL, "import", "-q", big], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([SATCHEL, "list", "--json"], env=env, check=True, stdout=subprocess.DEVNULL)
    best = min(run([SATCHEL, "list", "--json"], env)[0] for _ in range(5))
    files += sorted(os.path.join(big, f) for f in os.listdir(big))
    base2 = min(run(["sha256sum"] + files, env)[0] for _ in range(3))
    t_first = min(run([SATCHEL, "list"], env)[0] for _ in range(3))
    _, rss = run([SATCHEL, "list", "--json"], env)
    print("list --json of 10000: %.0f ms (goal 300 ms); baseline sha256sum of the 10000 "
          "inputs %.0f ms; ratio %.2fx" % (best * 1000, base2 * 1000, best / base2))
    print("list (text) of 10000: %.0f ms" % (t_first * 1000))
    print("of which start + passphrase unlock (scrypt N=2^15; none with a keyring): %.0f ms "
          "(list --json of the empty wallet)" % (t_unlock * 1000))
    print("peak RSS over all satchel runs: %.1f MiB (goal 64 MiB); import phase %.1f MiB"
          % (rss / 1024, rss_imp / 1024))
    shutil.rmtree(WORK)


main()
