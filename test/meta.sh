#!/usr/bin/env bash
# META.json against the PGXN Meta Spec v1.0.0 (https://pgxn.org/spec/), and
# against the tree: its versions are kpi.control's default_version, the
# Makefile's EXTVERSION and debian/changelog's upstream version; the files
# it names exist or are built.
#
# Debian has no PGXN meta validator (PGXN::Meta::Validator is on CPAN only),
# so the spec's rules for the keys kpi uses are checked here with core Perl.
# If PGXN::Meta::Validator is on PERL5LIB, it is run as well.
# The checks are made in Perl, each printed as "ok - NAME" or "not ok -
# NAME", and counted here as TAP (test/lib.sh); a Perl error fails the test.
. "$(dirname "$0")/lib.sh"

perl -CSDA -Mstrict -Mwarnings -MJSON::PP -e '
sub check ($$) { my ($ok, $what) = @_; print(($ok ? "ok" : "not ok") . " - $what\n"); $ok }
sub slurp { my $f = shift; open my $fh, "<:encoding(UTF-8)", $f or die "$f: $!\n"; local $/; <$fh> }

my $meta = eval { JSON::PP->new->decode(slurp("META.json")) };
# (the failure is counted below)
check(ref $meta eq "HASH", "META.json is a JSON object") or exit 0;

# The spec: semantic versions (2.0.0-style, as PGXN requires), terms (two
# or more characters, no space, control character, slash or backslash),
# tags (1 to 256 characters, no control character, slash or backslash).
my $semver = qr/\A(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?\z/;
my $term = qr/\A[^[:space:][:cntrl:]\/\\]{2,}\z/;
my $tag = qr/\A[^[:cntrl:]\/\\]{1,256}\z/;
my %licenses = map { $_ => 1 } qw(agpl_3 apache_1_1 apache_2_0 artistic_1 artistic_2
	bsd freebsd gfdl_1_2 gfdl_1_3 gpl_1 gpl_2 gpl_3 lgpl_2_1 lgpl_3_0 mit mozilla_1_0
	mozilla_1_1 openssl perl_5 postgresql qpl_1_0 ssleay sun zlib open_source
	restricted unrestricted unknown);
my %known = map { $_ => 1 } qw(name abstract description version maintainer license
	provides prereqs resources release_status generated_by tags no_index meta-spec);
sub str { defined $_[0] && !ref $_[0] && length $_[0] }

# Required keys
for my $k (qw(name abstract version maintainer license provides meta-spec)) {
	check(exists $meta->{$k}, "required key $k present");
}
for my $k (sort keys %$meta) {
	check($known{$k} || $k =~ /\A[xX]_[-_a-zA-Z]+\z/, "key $k is in the spec (or x_ custom)");
}
check(str($meta->{name}) && $meta->{name} =~ $term, "name is a term");
check(str($meta->{abstract}), "abstract is a non-empty string");
check(!exists $meta->{description} || str($meta->{description}), "description is a string");
check(str($meta->{version}) && $meta->{version} =~ $semver, "version is a semantic version");
my $m = $meta->{maintainer};
check((ref $m eq "ARRAY" && @$m && !grep { !str($_) } @$m) || str($m), "maintainer is a string or a list of strings");
my $l = $meta->{license};
check((str($l) && $licenses{$l}) || (ref $l eq "ARRAY" && @$l && !grep { !$licenses{$_} } @$l)
	|| (ref $l eq "HASH" && %$l && !grep { !str($_) || !m{\A[a-z][a-z0-9+.-]*://[^/?#]+} } values %$l),
	"license is a known license name, a list of them, or a map of names to URLs");
my $ms = $meta->{"meta-spec"};
check(ref $ms eq "HASH" && ($ms->{version} // "") eq "1.0.0", "meta-spec version is 1.0.0");
check(!defined $ms->{url} || $ms->{url} =~ m{\Ahttps?://[^/?#]+}, "meta-spec url is a URL");
check(!exists $meta->{release_status} || ($meta->{release_status} // "") =~ /\A(stable|testing|unstable)\z/,
	"release_status is stable, testing or unstable");
check(!exists $meta->{tags} || (ref $meta->{tags} eq "ARRAY" && !grep { !str($_) || $_ !~ $tag } @{$meta->{tags}}),
	"tags are a list of tags");

# provides: extension name => { file, version (required), abstract, docfile }
my $p = $meta->{provides};
check(ref $p eq "HASH" && %$p, "provides is a non-empty map");
for my $ext (sort keys %{ ref $p eq "HASH" ? $p : {} }) {
	my $e = $p->{$ext};
	check($ext =~ $term, "provides: $ext is a term");
	check(ref $e eq "HASH" && str($e->{file}), "provides $ext: file given");
	check(ref $e eq "HASH" && str($e->{version}) && $e->{version} =~ $semver, "provides $ext: version is a semantic version");
	check(!exists $e->{docfile} || (str($e->{docfile}) && -f $e->{docfile}), "provides $ext: docfile exists");
}

# prereqs: phase => relation => name => version range ("0" = any)
my %phase = map { $_ => 1 } qw(configure build test runtime develop);
my %rel = map { $_ => 1 } qw(requires recommends suggests conflicts);
my $range = qr/\A(0|(([<>]=?|==|!=)\s*)?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*))(,\s*(([<>]=?|==|!=)\s*)?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*))*\z/;
my $pr = $meta->{prereqs} // {};
check(ref $pr eq "HASH", "prereqs is a map");
for my $ph (sort keys %$pr) {
	check($phase{$ph}, "prereqs: phase $ph is known");
	for my $r (sort keys %{ $pr->{$ph} }) {
		check($rel{$r}, "prereqs $ph: relation $r is known");
		for my $n (sort keys %{ $pr->{$ph}{$r} }) {
			check($n =~ $term && "$pr->{$ph}{$r}{$n}" =~ $range, "prereqs $ph $r: $n $pr->{$ph}{$r}{$n} is a term and a version range");
		}
	}
}
my $res = $meta->{resources} // {};
check(ref $res eq "HASH", "resources is a map");
check(!exists $res->{bugtracker}{mailto} || $res->{bugtracker}{mailto} =~ /@/, "resources: bugtracker mailto is an address");

# Against the tree
my ($control) = slurp("kpi.control") =~ /^default_version\s*=\s*\x27([^\x27]+)\x27/m;
my ($extversion) = slurp("Makefile") =~ /^EXTVERSION\s*=\s*(\S+)/m;
check(defined $control && $meta->{version} eq $control, "version $meta->{version} is kpi.control default_version " . ($control // "?"));
check(defined $extversion && $meta->{version} eq $extversion, "version is the Makefile EXTVERSION " . ($extversion // "?"));
my ($deb) = slurp("debian/changelog") =~ /\A\S+ \(([^)]+)\)/;
check(defined $deb && $deb =~ /\A\Q$meta->{version}\E-[^-]+\z/, "version is the upstream part of debian/changelog " . ($deb // "?"));
check($p->{kpi} && $p->{kpi}{version} eq $meta->{version}, "provides kpi at the distribution version");
check($p->{kpi} && $p->{kpi}{file} eq "sql/kpi--$meta->{version}.sql", "provides kpi file is the install script the Makefile builds (DATA_built)");
my ($comment) = slurp("kpi.control") =~ /^comment\s*=\s*\x27([^\x27]+)\x27/m;
check(defined $comment && $meta->{abstract} eq $comment, "abstract is kpi.control comment");
check(grep({ $_ eq "postgresql" } ref $l ? @$l : ($l)) && -f "LICENSE", "license postgresql, LICENSE file present");

if (eval { require PGXN::Meta::Validator; 1 }) {
	my $v = PGXN::Meta::Validator->load_file("META.json");
	my $ok = $v->is_valid;
	print "# $_\n" for $v->errors;
	check($ok, "PGXN::Meta::Validator " . PGXN::Meta::Validator->version_string . " accepts META.json");
} else {
	print "# PGXN::Meta::Validator not on PERL5LIB: not run\n";
}
' > "$tmp/checks"

while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	*) echo "$line" ;;
	esac
done < "$tmp/checks"
done_testing
