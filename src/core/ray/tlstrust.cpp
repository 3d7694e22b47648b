// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "tlstrust.h"

#include <QFile>
#include <QSslCertificate>

namespace scaledeck {

Result<QSslConfiguration> tlsConfiguration(const QString &caFile)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (caFile.isEmpty())
        return configuration;
    QFile file(caFile);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("cannot read the CA file %1: %2").arg(caFile, file.errorString()));
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        return makeError(
            RayErrorKind::BadSetting,
            QStringLiteral("the CA file %1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)").arg(caFile));
    // Only the named CAs: a private cluster's CA file is a statement of whom to trust for it.
    configuration.setCaCertificates(certificates);
    return configuration;
}

namespace {
bool isHostNameMismatch(const QList<QSslError> &errors)
{
    for (const QSslError &error : errors)
        if (error.error() == QSslError::HostNameMismatch)
            return true;
    return false;
}
} // namespace

RayError tlsError(const QString &host, const QList<QSslError> &errors, const QString &caFile)
{
    QStringList reasons;
    for (const QSslError &error : errors)
        if (!reasons.contains(error.errorString()))
            reasons.append(error.errorString());
    const QString trustedBy =
        caFile.isEmpty() ? QStringLiteral("the system's CAs") : QStringLiteral("the CA file ") + caFile;
    QString advice;
    if (isHostNameMismatch(errors))
        advice = QStringLiteral("the certificate is for another host name; connect with the name it was issued for");
    else if (caFile.isEmpty())
        advice = QStringLiteral("name its CA with --ca-file (or the profile's CA file)");
    else
        advice = QStringLiteral("it is not signed by a CA in that file");
    return makeError(RayErrorKind::Tls, QStringLiteral("the certificate of %1 is not trusted by %2: %3; %4")
                                            .arg(host, trustedBy, reasons.join(QStringLiteral("; ")), advice));
}

} // namespace scaledeck
