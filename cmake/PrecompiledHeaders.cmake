# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# One precompiled header (SCALEDECK_PCH) that every C++ target of the project reuses: the Qt, JSON and standard
# headers nearly every file includes. Parsing them was most of a file's compile time (test_costreport.cpp under
# clang, ASan, Debug: 6.1 s, 3.6 s of it parsing; 2.7 s with this header), and the test command compiles ~450
# files on a cold CI machine.
#
# Only headers whose meaning does not depend on which Qt modules a target links: <QtTest> is left out, because its
# QTEST_MAIN picks QApplication or QCoreApplication by QT_WIDGETS_LIB, which GUI tests define and the others do not.
# The owner links Core, Network and Sql only; a target that links more adds definitions (QT_WIDGETS_LIB,
# QT_TESTCASE_BUILDDIR, ...), which a precompiled header allows, while a definition with another value than the
# owner's would be refused (clang: "definition of macro differs").
# scripts/check-package.sh builds without it, so GCC still sees that every file includes what it uses.

add_library(scaledeck_pch OBJECT ${CMAKE_CURRENT_LIST_DIR}/precompiled.cpp)
set_target_properties(scaledeck_pch PROPERTIES AUTOMOC OFF)
target_link_libraries(scaledeck_pch PRIVATE Qt6::Core Qt6::Network Qt6::Sql nlohmann_json::nlohmann_json
                                            scaledeck_settings)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # Without a timestamp in the header, ccache can reuse the files compiled with it.
    target_compile_options(scaledeck_pch PRIVATE -Xclang -fno-pch-timestamp)
endif()
target_precompile_headers(scaledeck_pch PRIVATE
    <QByteArray> <QCoreApplication> <QDateTime> <QDebug> <QDir> <QElapsedTimer> <QFile> <QHash> <QList>
    <QLocale> <QLoggingCategory> <QMap> <QObject> <QPointer> <QProcess> <QRegularExpression> <QSet> <QSettings>
    <QString> <QStringList> <QTemporaryDir> <QTextStream> <QThread> <QTimeZone> <QTimer> <QUrl> <QUrlQuery>
    <QVariant>
    <QNetworkAccessManager> <QNetworkReply> <QNetworkRequest> <QTcpServer>
    <QSqlDatabase> <QSqlError> <QSqlQuery>
    <nlohmann/json.hpp>
    <algorithm> <cmath> <cstdint> <cstdio> <functional> <limits> <map> <memory> <optional> <set> <string>
    <utility> <vector>)

# Every C++ target defined under `dir` (and its subdirectories) reuses scaledeck_pch.
function(scaledeck_reuse_pch dir)
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
        get_target_property(type ${target} TYPE)
        if(target STREQUAL "scaledeck_pch" OR NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY)$")
            continue()
        endif()
        target_precompile_headers(${target} REUSE_FROM scaledeck_pch)
    endforeach()
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    foreach(subdir IN LISTS subdirs)
        scaledeck_reuse_pch(${subdir})
    endforeach()
endfunction()
