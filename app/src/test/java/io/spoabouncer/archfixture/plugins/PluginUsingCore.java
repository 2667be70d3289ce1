package io.spoabouncer.archfixture.plugins;

/** Breaks "plugins and ports never depend on core" and "examples use ports and domain only". */
public class PluginUsingCore {
    io.spoabouncer.archfixture.core.CoreUsingNetty service;
    io.spoabouncer.archfixture.app.AppThing app;
}
