//! Feature checks of `bind!(schema = …)`'s output: each part of a portal's schema uses the
//! record of one feature (`records::Deal` is `crm-deal`); without the feature the app gets,
//! beside rustc's missing `records::Deal`, an error saying which feature to enable.

/// Nothing when `crm-deal` is on (generated code of `bind!(schema = …)`).
#[cfg(feature = "crm-deal")]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_deal {
    () => {};
}

/// Without `crm-deal`: a compile error naming the feature to enable.
#[cfg(not(feature = "crm-deal"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_deal {
    () => {
        ::core::compile_error!(
            "the saved schema has deal fields or funnels: enable the `crm-deal` feature of bitrix-api"
        );
    };
}

/// Nothing when `crm-lead` is on (generated code of `bind!(schema = …)`).
#[cfg(feature = "crm-lead")]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_lead {
    () => {};
}

/// Without `crm-lead`: a compile error naming the feature to enable.
#[cfg(not(feature = "crm-lead"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_lead {
    () => {
        ::core::compile_error!(
            "the saved schema has lead fields: enable the `crm-lead` feature of bitrix-api"
        );
    };
}

/// Nothing when `crm-contact` is on (generated code of `bind!(schema = …)`).
#[cfg(feature = "crm-contact")]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_contact {
    () => {};
}

/// Without `crm-contact`: a compile error naming the feature to enable.
#[cfg(not(feature = "crm-contact"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_contact {
    () => {
        ::core::compile_error!(
            "the saved schema has contact fields: enable the `crm-contact` feature of bitrix-api"
        );
    };
}

/// Nothing when `crm-company` is on (generated code of `bind!(schema = …)`).
#[cfg(feature = "crm-company")]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_company {
    () => {};
}

/// Without `crm-company`: a compile error naming the feature to enable.
#[cfg(not(feature = "crm-company"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_company {
    () => {
        ::core::compile_error!(
            "the saved schema has company fields: enable the `crm-company` feature of bitrix-api"
        );
    };
}

/// Nothing when `crm-quote` is on (generated code of `bind!(schema = …)`).
#[cfg(feature = "crm-quote")]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_quote {
    () => {};
}

/// Without `crm-quote`: a compile error naming the feature to enable.
#[cfg(not(feature = "crm-quote"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_quote {
    () => {
        ::core::compile_error!(
            "the saved schema has quote fields: enable the `crm-quote` feature of bitrix-api"
        );
    };
}

/// Nothing when `crm-item` is on (generated code of `bind!(schema = …)`).
#[cfg(feature = "crm-item")]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_items {
    () => {};
}

/// Without `crm-item`: a compile error naming the feature to enable.
#[cfg(not(feature = "crm-item"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_items {
    () => {
        ::core::compile_error!(
            "the saved schema has smart processes: enable the `crm-item` feature of bitrix-api"
        );
    };
}
