#!/usr/bin/env bash
# Builds the Debian package app/target/spoa-bouncer_<version>_all.deb from the fat jar (built first when
# missing): the agent on Debian's Java 17 (openjdk-17-jre-headless), /usr/bin/spoa-bouncer, a systemd
# unit, /etc/spoa-bouncer (conffile, hosts.d), the HAProxy examples, a system user and a LAPI key of its
# own (postinst). Usage: scripts/build-deb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=app/target/spoa-bouncer.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package
version=$(unzip -p "$jar" spoa-bouncer-version.properties | sed -n 's/^version=//p' | tr -d '\r')
debversion=${version/-SNAPSHOT/~snapshot}
root=app/target/deb/root
rm -rf app/target/deb
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/spoa-bouncer/plugins" "$root/usr/share/spoa-bouncer/haproxy" \
  "$root/usr/share/doc/spoa-bouncer" "$root/lib/systemd/system" "$root/etc/spoa-bouncer/hosts.d" "$root/etc/default"
install -m 0644 "$jar" "$root/usr/share/spoa-bouncer/spoa-bouncer.jar"
install -m 0644 scripts/jvm.options "$root/usr/share/spoa-bouncer/jvm.options"
install -m 0755 packaging/deb/spoa-bouncer "$root/usr/bin/spoa-bouncer"
install -m 0644 packaging/deb/spoa-bouncer.service "$root/lib/systemd/system/spoa-bouncer.service"
install -m 0640 packaging/deb/default "$root/etc/default/spoa-bouncer"
cp -r examples/haproxy/. "$root/usr/share/spoa-bouncer/haproxy/"
find "$root/usr/share/spoa-bouncer/haproxy" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
install -m 0644 README.md "$root/usr/share/doc/spoa-bouncer/README.md"
cat > "$root/usr/share/doc/spoa-bouncer/copyright" <<'COPYRIGHT'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: spoa-bouncer

Files: *
Copyright: 2026 spoa-bouncer developers
License: MIT
 Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
 associated documentation files, to deal in the software without restriction, subject to the
 condition that the above copyright notice and this permission notice are included in all copies.
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
COPYRIGHT
mkdir -p "$root/usr/share/man/man1" "$root/usr/share/lintian/overrides"
{
  echo '.TH SPOA-BOUNCER 1 "" "spoa-bouncer" "User Commands"'
  echo '.SH NAME'
  echo 'spoa\-bouncer \- CrowdSec remediation agent for HAProxy (SPOE)'
  echo '.SH SYNOPSIS'
  echo '.nf'
  java -jar "$jar" --help | sed -e 's/\\/\\\\/g' -e 's/^\./\\\&./' -e 's/-/\\-/g'
  echo '.fi'
} | gzip -9n > "$root/usr/share/man/man1/spoa-bouncer.1.gz"
chmod 0644 "$root/usr/share/man/man1/spoa-bouncer.1.gz"
install -m 0644 packaging/deb/lintian-overrides "$root/usr/share/lintian/overrides/spoa-bouncer"
gzip -9n -c > "$root/usr/share/doc/spoa-bouncer/changelog.gz" <<CHANGES
spoa-bouncer ($debversion) unstable; urgency=medium

  * Built from the repository.

 -- spoa-bouncer developers <spoa-bouncer@users.noreply.github.com>  $(date -R -d @0)
CHANGES
# The conffile: the package's settings, then every module's reference.conf as comments.
{
  cat packaging/deb/spoa-bouncer.conf.head
  unzip -p "$jar" reference.conf | sed -e 's/^\(\s*\)\([^#[:space:]]\)/\1# \2/'
} > "$root/etc/spoa-bouncer/spoa-bouncer.conf"
chmod 0640 "$root/etc/spoa-bouncer/spoa-bouncer.conf"
chmod 0750 "$root/etc/spoa-bouncer" "$root/etc/spoa-bouncer/hosts.d"
for s in postinst prerm postrm; do
  install -m 0755 "packaging/deb/$s" "$root/DEBIAN/$s"
done
printf '/etc/spoa-bouncer/spoa-bouncer.conf\n/etc/default/spoa-bouncer\n' > "$root/DEBIAN/conffiles"
size=$(du -sk "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: spoa-bouncer
Version: $debversion
Architecture: all
Maintainer: spoa-bouncer developers <spoa-bouncer@users.noreply.github.com>
Installed-Size: $size
Depends: openjdk-17-jre-headless, adduser
Recommends: haproxy
Suggests: crowdsec
Section: net
Priority: optional
Homepage: https://github.com/crowdsecurity/cs-haproxy-spoa-bouncer
Description: CrowdSec remediation component for HAProxy (SPOE agent)
 An SPOE agent that answers HAProxy with the remediation CrowdSec decided for
 each connection and request (allow, ban, captcha, AppSec challenge), with the
 Go cs-haproxy-spoa-bouncer's wire contract.
CONTROL
out="app/target/spoa-bouncer_${debversion}_all.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "$out"
