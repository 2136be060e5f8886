///The own types of the portal `drift.bitrix24.com`, from `bitrix-schema.json` (format 1): its user fields, smart processes and funnels. Editing the file rebuilds this module; code that uses a field, value, stage or process the file no longer has stops compiling.
#[allow(clippy::all, non_camel_case_types, dead_code)]
pub mod portal {
    const _: &[u8] = include_bytes!("bitrix-schema.json");
    /// The portal the schema was pulled from.
    pub const HOST: &str = "drift.bitrix24.com";
    ::bitrix_api::__schema_deal!();
    ///The portal `drift.bitrix24.com`'s own deal fields and funnels.
    pub mod deal {
        /**Priority

`UF_CRM_PRIORITY` of crm.deal on `drift.bitrix24.com`: `enumeration`.*/
        pub const UF_CRM_PRIORITY: ::bitrix_api::typed::Field<
            ::bitrix_api::records::Deal,
            Priority,
        > = ::bitrix_api::typed::Field::custom("UF_CRM_PRIORITY", "ufCrm_PRIORITY");
        /**Seats

`UF_CRM_SEATS` of crm.deal on `drift.bitrix24.com`: `integer`.*/
        pub const UF_CRM_SEATS: ::bitrix_api::typed::Field<
            ::bitrix_api::records::Deal,
            ::bitrix_api::typed::kind::Integer,
        > = ::bitrix_api::typed::Field::custom("UF_CRM_SEATS", "ufCrm_SEATS");
        ///The values of `UF_CRM_PRIORITY` (Priority) on `drift.bitrix24.com`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Priority {
            ///High (`1`)
            High,
            ///Low (`2`)
            Low,
        }
        impl Priority {
            /// Every value with its id, as the schema lists them.
            pub const ALL: &'static [(&'static str, Priority)] = &[
                ("1", Priority::High),
                ("2", Priority::Low),
            ];
            /// The id the portal stores.
            pub fn id(self) -> &'static str {
                ::bitrix_api::typed::listed_id(self, Self::ALL)
            }
        }
        impl ::bitrix_api::wire::Wire for Priority {
            fn from_wire(
                v: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                ::bitrix_api::typed::listed(v, Self::ALL, "UF_CRM_PRIORITY")
            }
        }
        impl ::bitrix_api::typed::Kind for Priority {
            type Value = Priority;
            fn json(v: Priority) -> ::bitrix_api::__private::serde_json::Value {
                ::bitrix_api::typed::listed_json(v.id())
            }
        }
        ///Typed reads of the user fields of `drift.bitrix24.com`'s deals, from the record's `custom`.
        pub trait DealFields {
            /**Priority

`UF_CRM_PRIORITY` of crm.deal on `drift.bitrix24.com`: `enumeration`.*/
            fn uf_crm_priority(
                &self,
            ) -> ::core::result::Result<
                ::core::option::Option<Priority>,
                ::bitrix_api::wire::WireError,
            >;
            /**Seats

`UF_CRM_SEATS` of crm.deal on `drift.bitrix24.com`: `integer`.*/
            fn uf_crm_seats(
                &self,
            ) -> ::core::result::Result<
                ::core::option::Option<i64>,
                ::bitrix_api::wire::WireError,
            >;
        }
        impl DealFields for ::bitrix_api::records::Deal {
            fn uf_crm_priority(
                &self,
            ) -> ::core::result::Result<
                ::core::option::Option<Priority>,
                ::bitrix_api::wire::WireError,
            > {
                self.custom.get_as("ufCrm_PRIORITY")
            }
            fn uf_crm_seats(
                &self,
            ) -> ::core::result::Result<
                ::core::option::Option<i64>,
                ::bitrix_api::wire::WireError,
            > {
                self.custom.get_as("ufCrm_SEATS")
            }
        }
        ///The deal funnel "General" (id 0).
        pub mod general {
            ///The stages of the deal funnel "General" (id 0) on `drift.bitrix24.com`, in funnel order.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum Stage {
                ///New: in progress (`NEW`)
                New,
                ///Won: success (`WON`)
                Won,
            }
            impl Stage {
                /// Every value with its id, as the schema lists them.
                pub const ALL: &'static [(&'static str, Stage)] = &[
                    ("NEW", Stage::New),
                    ("WON", Stage::Won),
                ];
                /// The id the portal stores.
                pub fn id(self) -> &'static str {
                    ::bitrix_api::typed::listed_id(self, Self::ALL)
                }
            }
            impl ::bitrix_api::wire::Wire for Stage {
                fn from_wire(
                    v: ::bitrix_api::__private::serde_json::Value,
                ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                    ::bitrix_api::typed::listed(v, Self::ALL, "STAGE_ID")
                }
            }
            impl ::bitrix_api::typed::Kind for Stage {
                type Value = Stage;
                fn json(v: Stage) -> ::bitrix_api::__private::serde_json::Value {
                    ::bitrix_api::typed::listed_json(v.id())
                }
            }
            /// The funnel's id (`CATEGORY_ID`, `categoryId`).
            pub const CATEGORY_ID: i64 = 0i64;
            /// The stage field, taking this funnel's stages.
            pub const STAGE: ::bitrix_api::typed::Field<
                ::bitrix_api::records::Deal,
                Stage,
            > = ::bitrix_api::typed::Field::new("STAGE_ID", "stageId");
            /// The records in stage `s`: a filter condition.
            pub fn stage(
                s: Stage,
            ) -> ::bitrix_api::typed::Cond<::bitrix_api::records::Deal> {
                STAGE.eq(s)
            }
        }
    }
    ::bitrix_api::__schema_items!();
    /// The portal's smart processes, one record type each.
    pub mod items {
        ///A record of the smart process "Invoices" (`entityTypeId` 1032) on `drift.bitrix24.com`: the docs' `crm.item` record (`Deref`) with the process's own fields. Use it with `client.items::<Invoice2>()`; the docs' fields are `Item::TITLE.of::<Invoice2>()`.
        #[derive(
            Debug,
            Clone,
            PartialEq,
            Default,
            ::bitrix_api::__private::serde::Serialize
        )]
        #[serde(crate = "::bitrix_api::__private::serde", transparent)]
        pub struct Invoice2(pub ::bitrix_api::records::Item);
        impl ::core::ops::Deref for Invoice2 {
            type Target = ::bitrix_api::records::Item;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }
        impl ::bitrix_api::wire::Wire for Invoice2 {
            fn from_wire(
                v: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                ::bitrix_api::records::Item::from_wire(v).map(Invoice2)
            }
        }
        impl ::bitrix_api::typed::Entity for Invoice2 {
            const NAME: &'static str = "Invoice2";
            const FIELDS_METHOD: &'static str = "crm.item.fields";
            const FIELDS: &'static [::bitrix_api::typed::FieldInfo] = <::bitrix_api::records::Item as ::bitrix_api::typed::Entity>::FIELDS;
            const CUSTOM_PREFIX: &'static str = "ufCrm";
        }
        impl ::bitrix_api::typed::ItemEntity for Invoice2 {
            const ENTITY_TYPE_ID: i64 = 1032i64;
        }
        impl ::bitrix_api::typed::SmartProcess for Invoice2 {
            type Base = ::bitrix_api::records::Item;
        }
        impl Invoice2 {}
        ///The enumerations and funnels of [`Invoice2`].
        pub mod invoice2 {}
        ///A record of the smart process "Contracts" (`entityTypeId` 1036) on `drift.bitrix24.com`: the docs' `crm.item` record (`Deref`) with the process's own fields. Use it with `client.items::<Contracts>()`; the docs' fields are `Item::TITLE.of::<Contracts>()`.
        #[derive(
            Debug,
            Clone,
            PartialEq,
            Default,
            ::bitrix_api::__private::serde::Serialize
        )]
        #[serde(crate = "::bitrix_api::__private::serde", transparent)]
        pub struct Contracts(pub ::bitrix_api::records::Item);
        impl ::core::ops::Deref for Contracts {
            type Target = ::bitrix_api::records::Item;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }
        impl ::bitrix_api::wire::Wire for Contracts {
            fn from_wire(
                v: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                ::bitrix_api::records::Item::from_wire(v).map(Contracts)
            }
        }
        impl ::bitrix_api::typed::Entity for Contracts {
            const NAME: &'static str = "Contracts";
            const FIELDS_METHOD: &'static str = "crm.item.fields";
            const FIELDS: &'static [::bitrix_api::typed::FieldInfo] = <::bitrix_api::records::Item as ::bitrix_api::typed::Entity>::FIELDS;
            const CUSTOM_PREFIX: &'static str = "ufCrm";
        }
        impl ::bitrix_api::typed::ItemEntity for Contracts {
            const ENTITY_TYPE_ID: i64 = 1036i64;
        }
        impl ::bitrix_api::typed::SmartProcess for Contracts {
            type Base = ::bitrix_api::records::Item;
        }
        impl Contracts {}
        ///The enumerations and funnels of [`Contracts`].
        pub mod contracts {}
    }
}
