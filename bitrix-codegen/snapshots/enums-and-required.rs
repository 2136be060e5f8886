#[doc(hidden)]
#[allow(deprecated)]
mod __crm_deal_userfield_add {
    /**Add a Custom Field to Deals (`crm.deal.userfield.add`)

Use `crm.deal.userfield.add` to define a new custom field for deals.

**Scope:** `crm` · **Who can execute the method:** a CRM administrator

# Parameters

- `fields` (`object`, required): Settings of the new field, structured like this:
  ```text
  {
      field_1: value_1,
      field_2: value_2,
      ...,
      field_n: value_n,
  }
  ```

  - `field_n` — the setting's name
  - `value_n` — the value for it

  Every setting you can pass is listed in the [section below](https://apidocs.bitrix24.com/api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.html#parameter-fields).

  Unknown keys inside `fields` are silently skipped
  - `USER_TYPE_ID` (`string`, required): What kind of data the field stores. Accepted values:
    - `string` — text
    - `integer` — whole number
    - `double` — decimal number
    - `boolean` — yes or no
    - `datetime` — date with time
    - `date` — date only
    - `money` — amount of money
    - `url` — web address
    - `address` — postal address
    - `enumeration` — choice from a list
    - `file` — attached file
    - `employee` — reference to an employee
    - `crm_status` — reference to a CRM directory entry
    - `iblock_section` — reference to information block sections
    - `iblock_element` — reference to information block elements
    - `crm` — reference to CRM items
    - [custom field types](https://apidocs.bitrix24.com/api-reference/crm/universal/user-defined-fields/userfield-type.html)
  - `FIELD_NAME` (`string`, required): Code of the field; no two deal fields may share it.

    The system always puts the `UF_CRM_` prefix in front and works out the final name on its own:
    - `MANAGER_NOTE` turns into `UF_CRM_MANAGER_NOTE`
    - `UF_MANAGER_NOTE` turns into `UF_CRM_MANAGER_NOTE` — its `UF_` prefix gets swapped for `UF_CRM_`
    - `UF_CRM_MANAGER_NOTE` is kept as it is

    The complete name, prefix included, may be at most `50` characters long, which leaves no more than `43` characters for the code itself. A longer name makes the method fail with `ERROR_CORE`.

    Only `A-Z`, `0-9` and `_` are permitted. Lowercase letters are turned into capitals; any other character makes the method fail with `ERROR_CORE`
  - `LABEL` (`string`): Base name of the field.

    This value is copied into `LIST_FILTER_LABEL`, `LIST_COLUMN_LABEL`, `EDIT_FORM_LABEL`, `ERROR_MESSAGE` and `HELP_MESSAGE` for each of them that you leave empty
  - `XML_ID` (`string`): External code
  - `LIST_FILTER_LABEL` (`string|lang_map`): Name of the field in the list filter.

    A plain string is applied to every language ID.

    With a `lang_map`, every language you did not include receives the `LABEL` value.

    When it is not passed, every language ID gets whatever you sent in `LABEL`
  - `LIST_COLUMN_LABEL` (`string|lang_map`): Column heading in the list.

    A plain string is applied to every language ID.

    With a `lang_map`, every language you did not include receives the `LABEL` value.

    When it is not passed, every language ID gets whatever you sent in `LABEL`
  - `EDIT_FORM_LABEL` (`string|lang_map`): Name of the field in the edit form.

    A plain string is applied to every language ID.

    With a `lang_map`, every language you did not include receives the `LABEL` value.

    When it is not passed, every language ID gets whatever you sent in `LABEL`
  - `ERROR_MESSAGE` (`string|lang_map`): Text shown on an error
  - `HELP_MESSAGE` (`string|lang_map`): Hint text
  - `MULTIPLE` (`boolean`): Whether the field holds several values. Accepted values:
    - `Y` — several values
    - `N` — a single value

    A field of type `boolean` can never be multiple.

    Defaults to `N`
  - `MANDATORY` (`boolean`): Whether a value must be filled in. Accepted values:
    - `Y` — required
    - `N` — optional

    Defaults to `N`
  - `SHOW_FILTER` (`boolean`): Whether the field appears in the filter. Accepted values:
    - `Y` — it appears
    - `N` — it is hidden

    Defaults to `N`
  - `SETTINGS` (`object`): Extra options of the field. Which options exist depends on the `USER_TYPE_ID`; they are listed [further down](https://apidocs.bitrix24.com/api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.html#settings)
    - `DEFAULT_VALUE` (`string`): Value used when nothing is entered.

      Default `''`
    - `ROWS` (`integer`): Height of the input box in lines; has to be above 0.

      Default `1`
  - `LIST` (`uf_enum_element[]`): Choices offered by a field of type `enumeration`; their structure is given [further down](https://apidocs.bitrix24.com/api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.html#uf_enum_element)

    Defaults to `[]`
    - `VALUE` (`string`): Text of the choice.

      Choices whose `VALUE` is empty or absent are dropped
    - `SORT` (`integer`): Position used for sorting; 0 or more.

      Defaults to `0`
    - `DEF` (`boolean`): Whether the choice is preselected. Accepted values:
      - `Y` — preselected
      - `N` — not preselected

      A multiple field may have several choices with `DEF = Y`. A single-value field takes the first choice it receives as the default `DEF = Y`.

      Default is `N`
    - `XML_ID` (`string`): External code of the choice; it has to be unique among the choices of this field
  - `SORT` (`integer`): Position used for sorting; has to be above zero.

    Defaults to `100`
  - `SHOW_IN_LIST` (`boolean`): Whether the field is displayed in the list.

    In `crm` this setting changes nothing.

    Accepted values:
    - `Y` — displayed
    - `N` — not displayed

    Defaults to `N`
  - `EDIT_IN_LIST` (`boolean`): Whether users may edit the value. Accepted values:
    - `Y` — editable
    - `N` — read-only

    Defaults to `Y`. Not every field type in `crm` honours the value `N`
  - `IS_SEARCHABLE` (`boolean`): Whether the values are indexed for search.

    In `crm` this setting changes nothing.

    Accepted values:
    - `Y` — indexed
    - `N` — not indexed

    Defaults to `N`

# Returns

`integer`: Top-level field of the response; holds the ID assigned to the new custom field

<details><summary>Example answer</summary>

```json
{
    "result": 6997,
    "time": {
        "start": 1753789240.8146,
        "finish": 1753789241.058695,
        "duration": 0.2440950870513916,
        "processing": 0.19217395782470703,
        "date_start": "2025-07-29T14:40:40+03:00",
        "date_finish": "2025-07-29T14:40:41+03:00",
        "operating_reset_at": 1753789840,
        "operating": 0.19216084480285645
    }
}
```

</details>

# Errors

- (no code): `The 'FIELD_NAME' field is not found.` — `FIELD_NAME` is missing or empty
- `ERROR_CORE`: `Field name is too long (more than 50 characters).` — With the `UF_CRM_` prefix added, the name exceeds 50 characters, meaning `FIELD_NAME` was longer than 43 characters
- `ERROR_CORE`: `Field name contains invalid characters. Allowed characters are: A-Z, 0-9 and _.` — `FIELD_NAME` has characters outside `A-Z`, `0-9` and `_`
- (no code): `The 'USER_TYPE_ID' field is not found.` — `USER_TYPE_ID` is missing or empty
- `ERROR_CORE`: `Incorrect custom type specified.` — No field type matches the given `USER_TYPE_ID`
- `ERROR_CORE`: `List item with value XML_ID=xml_id already exists.` — Two or more list choices share the same `XML_ID`

Documented in `api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.md`, line 1 ([online](https://apidocs.bitrix24.com/api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.html)).*/
    #[derive(Clone)]
    pub struct CrmDealUserfieldAdd {
        fields: CrmDealUserfieldAddFields,
    }
    impl ::bitrix_api::wire::ToWire for CrmDealUserfieldAdd {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new().put("fields", &self.fields).done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmDealUserfieldAdd);
    impl CrmDealUserfieldAdd {
        ///Creates the request from its required parameters, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new(fields: CrmDealUserfieldAddFields) -> Self {
            Self { fields }
        }
    }
    /**The accepted values of `USER_TYPE_ID` of `crm.deal.userfield.add`; `Other` sends a value the page does not list.

Documented in `api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.md`, line 42 ([online](https://apidocs.bitrix24.com/api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.html)).*/
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum CrmDealUserfieldAddFieldsUserTypeId {
        ///`string`: text
        String,
        ///`integer`: whole number
        Integer,
        ///`double`: decimal number
        Double,
        ///`boolean`: yes or no
        Boolean,
        ///`datetime`: date with time
        Datetime,
        ///`date`: date only
        Date,
        ///`money`: amount of money
        Money,
        ///`url`: web address
        Url,
        ///`address`: postal address
        Address,
        ///`enumeration`: choice from a list
        Enumeration,
        ///`file`: attached file
        File,
        ///`employee`: reference to an employee
        Employee,
        ///`crm_status`: reference to a CRM directory entry
        CrmStatus,
        ///`iblock_section`: reference to information block sections
        IblockSection,
        ///`iblock_element`: reference to information block elements
        IblockElement,
        ///`crm`: reference to CRM items
        Crm,
        /// A value the page does not list (newer than the page, or custom), sent as given.
        Other(::std::string::String),
    }
    impl CrmDealUserfieldAddFieldsUserTypeId {
        /// The value as it is sent.
        pub fn as_str(&self) -> &str {
            match self {
                Self::String => "string",
                Self::Integer => "integer",
                Self::Double => "double",
                Self::Boolean => "boolean",
                Self::Datetime => "datetime",
                Self::Date => "date",
                Self::Money => "money",
                Self::Url => "url",
                Self::Address => "address",
                Self::Enumeration => "enumeration",
                Self::File => "file",
                Self::Employee => "employee",
                Self::CrmStatus => "crm_status",
                Self::IblockSection => "iblock_section",
                Self::IblockElement => "iblock_element",
                Self::Crm => "crm",
                Self::Other(value) => value.as_str(),
            }
        }
    }
    impl ::bitrix_api::__private::serde::Serialize
    for CrmDealUserfieldAddFieldsUserTypeId {
        fn serialize<S: ::bitrix_api::__private::serde::Serializer>(
            &self,
            s: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            s.serialize_str(self.as_str())
        }
    }
    impl ::bitrix_api::wire::ToWire for CrmDealUserfieldAddFieldsUserTypeId {
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::__private::serde_json::Value::from(self.as_str())
        }
    }
    /**The `SETTINGS` parameter of `crm.deal.userfield.add`.

Documented in `api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.md`, line 176 ([online](https://apidocs.bitrix24.com/api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.html)).*/
    #[derive(Clone)]
    pub struct CrmDealUserfieldAddFieldsSettings {
        default_value: ::core::option::Option<::std::string::String>,
        rows: ::core::option::Option<i64>,
    }
    impl ::bitrix_api::wire::ToWire for CrmDealUserfieldAddFieldsSettings {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new()
                .opt("DEFAULT_VALUE", &self.default_value)
                .opt("ROWS", &self.rows)
                .done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmDealUserfieldAddFieldsSettings);
    impl CrmDealUserfieldAddFieldsSettings {
        ///Creates the `SETTINGS` parameter from its required fields, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new() -> Self {
            Self {
                default_value: ::core::option::Option::None,
                rows: ::core::option::Option::None,
            }
        }
        /**Value used when nothing is entered.

Default `''`

On the wire: `DEFAULT_VALUE`, a string.

From line 176 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn default_value(
            mut self,
            value: impl ::core::convert::Into<::std::string::String>,
        ) -> Self {
            self.default_value = ::core::option::Option::Some(
                ::core::convert::Into::into(value),
            );
            self
        }
        /**Height of the input box in lines; has to be above 0.

Default `1`

On the wire: `ROWS`, a number (also read from a string such as `"42"`).

From line 180 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn rows(mut self, value: i64) -> Self {
            self.rows = ::core::option::Option::Some(value);
            self
        }
    }
    /**An element of the `LIST` parameter of `crm.deal.userfield.add`.

Documented in `api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.md`, line 370 ([online](https://apidocs.bitrix24.com/api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.html)).*/
    #[derive(Clone)]
    pub struct CrmDealUserfieldAddFieldsListItem {
        value: ::core::option::Option<::std::string::String>,
        sort: ::core::option::Option<i64>,
        def: ::core::option::Option<bool>,
        xml_id: ::core::option::Option<::std::string::String>,
    }
    impl ::bitrix_api::wire::ToWire for CrmDealUserfieldAddFieldsListItem {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new()
                .opt("VALUE", &self.value)
                .opt("SORT", &self.sort)
                .opt("DEF", &self.def)
                .opt("XML_ID", &self.xml_id)
                .done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmDealUserfieldAddFieldsListItem);
    impl CrmDealUserfieldAddFieldsListItem {
        ///Creates An element of the `LIST` parameter from its required fields, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new() -> Self {
            Self {
                value: ::core::option::Option::None,
                sort: ::core::option::Option::None,
                def: ::core::option::Option::None,
                xml_id: ::core::option::Option::None,
            }
        }
        /**Text of the choice.

Choices whose `VALUE` is empty or absent are dropped

On the wire: `VALUE`, a string.

From line 370 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn value(
            mut self,
            value: impl ::core::convert::Into<::std::string::String>,
        ) -> Self {
            self.value = ::core::option::Option::Some(
                ::core::convert::Into::into(value),
            );
            self
        }
        /**Position used for sorting; 0 or more.

Defaults to `0`

On the wire: `SORT`, a number (also read from a string such as `"42"`).

From line 374 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn sort(mut self, value: i64) -> Self {
            self.sort = ::core::option::Option::Some(value);
            self
        }
        /**Whether the choice is preselected. Accepted values:
- `Y` — preselected
- `N` — not preselected

A multiple field may have several choices with `DEF = Y`. A single-value field takes the first choice it receives as the default `DEF = Y`.

Default is `N`

On the wire: `DEF`, `true`/`false` (also read from `Y`/`N` and `1`/`0`).

From line 378 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn def(mut self, value: bool) -> Self {
            self.def = ::core::option::Option::Some(value);
            self
        }
        /**External code of the choice; it has to be unique among the choices of this field

On the wire: `XML_ID`, a string.

From line 386 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn xml_id(
            mut self,
            value: impl ::core::convert::Into<::std::string::String>,
        ) -> Self {
            self.xml_id = ::core::option::Option::Some(
                ::core::convert::Into::into(value),
            );
            self
        }
    }
    /**The `fields` parameter of `crm.deal.userfield.add`.

Documented in `api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.md`, line 42 ([online](https://apidocs.bitrix24.com/api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.html)).*/
    #[derive(Clone)]
    pub struct CrmDealUserfieldAddFields {
        user_type_id: CrmDealUserfieldAddFieldsUserTypeId,
        field_name: ::std::string::String,
        label: ::core::option::Option<::std::string::String>,
        xml_id: ::core::option::Option<::std::string::String>,
        list_filter_label: ::core::option::Option<
            ::bitrix_api::__private::serde_json::Value,
        >,
        list_column_label: ::core::option::Option<
            ::bitrix_api::__private::serde_json::Value,
        >,
        edit_form_label: ::core::option::Option<
            ::bitrix_api::__private::serde_json::Value,
        >,
        error_message: ::core::option::Option<
            ::bitrix_api::__private::serde_json::Value,
        >,
        help_message: ::core::option::Option<::bitrix_api::__private::serde_json::Value>,
        multiple: ::core::option::Option<bool>,
        mandatory: ::core::option::Option<bool>,
        show_filter: ::core::option::Option<bool>,
        settings: ::core::option::Option<CrmDealUserfieldAddFieldsSettings>,
        list: ::core::option::Option<::std::vec::Vec<CrmDealUserfieldAddFieldsListItem>>,
        sort: ::core::option::Option<i64>,
        show_in_list: ::core::option::Option<bool>,
        edit_in_list: ::core::option::Option<bool>,
        is_searchable: ::core::option::Option<bool>,
    }
    impl ::bitrix_api::wire::ToWire for CrmDealUserfieldAddFields {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new()
                .put("USER_TYPE_ID", &self.user_type_id)
                .put("FIELD_NAME", &self.field_name)
                .opt("LABEL", &self.label)
                .opt("XML_ID", &self.xml_id)
                .opt("LIST_FILTER_LABEL", &self.list_filter_label)
                .opt("LIST_COLUMN_LABEL", &self.list_column_label)
                .opt("EDIT_FORM_LABEL", &self.edit_form_label)
                .opt("ERROR_MESSAGE", &self.error_message)
                .opt("HELP_MESSAGE", &self.help_message)
                .yn_opt("MULTIPLE", &self.multiple)
                .yn_opt("MANDATORY", &self.mandatory)
                .yn_opt("SHOW_FILTER", &self.show_filter)
                .opt("SETTINGS", &self.settings)
                .opt("LIST", &self.list)
                .opt("SORT", &self.sort)
                .opt("SHOW_IN_LIST", &self.show_in_list)
                .yn_opt("EDIT_IN_LIST", &self.edit_in_list)
                .opt("IS_SEARCHABLE", &self.is_searchable)
                .done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmDealUserfieldAddFields);
    impl CrmDealUserfieldAddFields {
        ///Creates the `fields` parameter from its required fields, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new(
            user_type_id: CrmDealUserfieldAddFieldsUserTypeId,
            field_name: impl ::core::convert::Into<::std::string::String>,
        ) -> Self {
            Self {
                user_type_id,
                field_name: ::core::convert::Into::into(field_name),
                label: ::core::option::Option::None,
                xml_id: ::core::option::Option::None,
                list_filter_label: ::core::option::Option::None,
                list_column_label: ::core::option::Option::None,
                edit_form_label: ::core::option::Option::None,
                error_message: ::core::option::Option::None,
                help_message: ::core::option::Option::None,
                multiple: ::core::option::Option::None,
                mandatory: ::core::option::Option::None,
                show_filter: ::core::option::Option::None,
                settings: ::core::option::Option::None,
                list: ::core::option::Option::None,
                sort: ::core::option::Option::None,
                show_in_list: ::core::option::Option::None,
                edit_in_list: ::core::option::Option::None,
                is_searchable: ::core::option::Option::None,
            }
        }
        /**Base name of the field.

This value is copied into `LIST_FILTER_LABEL`, `LIST_COLUMN_LABEL`, `EDIT_FORM_LABEL`, `ERROR_MESSAGE` and `HELP_MESSAGE` for each of them that you leave empty

On the wire: `LABEL`, a string.

From line 73 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn label(
            mut self,
            value: impl ::core::convert::Into<::std::string::String>,
        ) -> Self {
            self.label = ::core::option::Option::Some(
                ::core::convert::Into::into(value),
            );
            self
        }
        /**External code

On the wire: `XML_ID`, a string.

From line 77 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn xml_id(
            mut self,
            value: impl ::core::convert::Into<::std::string::String>,
        ) -> Self {
            self.xml_id = ::core::option::Option::Some(
                ::core::convert::Into::into(value),
            );
            self
        }
        /**Name of the field in the list filter.

A plain string is applied to every language ID.

With a `lang_map`, every language you did not include receives the `LABEL` value.

When it is not passed, every language ID gets whatever you sent in `LABEL`

On the wire: `LIST_FILTER_LABEL`, any JSON value (the page does not settle its type).

From line 79 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn list_filter_label(
            mut self,
            value: impl ::core::convert::Into<::bitrix_api::__private::serde_json::Value>,
        ) -> Self {
            self.list_filter_label = ::core::option::Option::Some(
                ::core::convert::Into::into(value),
            );
            self
        }
        /**Column heading in the list.

A plain string is applied to every language ID.

With a `lang_map`, every language you did not include receives the `LABEL` value.

When it is not passed, every language ID gets whatever you sent in `LABEL`

On the wire: `LIST_COLUMN_LABEL`, any JSON value (the page does not settle its type).

From line 87 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn list_column_label(
            mut self,
            value: impl ::core::convert::Into<::bitrix_api::__private::serde_json::Value>,
        ) -> Self {
            self.list_column_label = ::core::option::Option::Some(
                ::core::convert::Into::into(value),
            );
            self
        }
        /**Name of the field in the edit form.

A plain string is applied to every language ID.

With a `lang_map`, every language you did not include receives the `LABEL` value.

When it is not passed, every language ID gets whatever you sent in `LABEL`

On the wire: `EDIT_FORM_LABEL`, any JSON value (the page does not settle its type).

From line 95 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn edit_form_label(
            mut self,
            value: impl ::core::convert::Into<::bitrix_api::__private::serde_json::Value>,
        ) -> Self {
            self.edit_form_label = ::core::option::Option::Some(
                ::core::convert::Into::into(value),
            );
            self
        }
        /**Text shown on an error

On the wire: `ERROR_MESSAGE`, any JSON value (the page does not settle its type).

From line 103 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn error_message(
            mut self,
            value: impl ::core::convert::Into<::bitrix_api::__private::serde_json::Value>,
        ) -> Self {
            self.error_message = ::core::option::Option::Some(
                ::core::convert::Into::into(value),
            );
            self
        }
        /**Hint text

On the wire: `HELP_MESSAGE`, any JSON value (the page does not settle its type).

From line 105 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn help_message(
            mut self,
            value: impl ::core::convert::Into<::bitrix_api::__private::serde_json::Value>,
        ) -> Self {
            self.help_message = ::core::option::Option::Some(
                ::core::convert::Into::into(value),
            );
            self
        }
        /**Whether the field holds several values. Accepted values:
- `Y` — several values
- `N` — a single value

A field of type `boolean` can never be multiple.

Defaults to `N`

On the wire: `MULTIPLE`, sent as `"Y"`/`"N"` (read from `Y`/`N`, `1`/`0` or `true`/`false`).

From line 107 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn multiple(mut self, value: bool) -> Self {
            self.multiple = ::core::option::Option::Some(value);
            self
        }
        /**Whether a value must be filled in. Accepted values:
- `Y` — required
- `N` — optional

Defaults to `N`

On the wire: `MANDATORY`, sent as `"Y"`/`"N"` (read from `Y`/`N`, `1`/`0` or `true`/`false`).

From line 115 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn mandatory(mut self, value: bool) -> Self {
            self.mandatory = ::core::option::Option::Some(value);
            self
        }
        /**Whether the field appears in the filter. Accepted values:
- `Y` — it appears
- `N` — it is hidden

Defaults to `N`

On the wire: `SHOW_FILTER`, sent as `"Y"`/`"N"` (read from `Y`/`N`, `1`/`0` or `true`/`false`).

From line 121 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn show_filter(mut self, value: bool) -> Self {
            self.show_filter = ::core::option::Option::Some(value);
            self
        }
        /**Extra options of the field. Which options exist depends on the `USER_TYPE_ID`; they are listed [further down](https://apidocs.bitrix24.com/api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.html#settings)

On the wire: `SETTINGS`, an object with the fields below.

From line 127 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn settings(mut self, value: CrmDealUserfieldAddFieldsSettings) -> Self {
            self.settings = ::core::option::Option::Some(value);
            self
        }
        /**Choices offered by a field of type `enumeration`; their structure is given [further down](https://apidocs.bitrix24.com/api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.html#uf_enum_element)

Defaults to `[]`

On the wire: `LIST`, a list, each element an object with the fields below.

From line 129 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn list(
            mut self,
            value: ::std::vec::Vec<CrmDealUserfieldAddFieldsListItem>,
        ) -> Self {
            self.list = ::core::option::Option::Some(value);
            self
        }
        /**Position used for sorting; has to be above zero.

Defaults to `100`

On the wire: `SORT`, a number (also read from a string such as `"42"`).

From line 133 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn sort(mut self, value: i64) -> Self {
            self.sort = ::core::option::Option::Some(value);
            self
        }
        /**Whether the field is displayed in the list.

In `crm` this setting changes nothing.

Accepted values:
- `Y` — displayed
- `N` — not displayed

Defaults to `N`

On the wire: `SHOW_IN_LIST`, `true`/`false` (also read from `Y`/`N` and `1`/`0`).

From line 137 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn show_in_list(mut self, value: bool) -> Self {
            self.show_in_list = ::core::option::Option::Some(value);
            self
        }
        /**Whether users may edit the value. Accepted values:
- `Y` — editable
- `N` — read-only

Defaults to `Y`. Not every field type in `crm` honours the value `N`

On the wire: `EDIT_IN_LIST`, sent as `"Y"`/`"N"` (read from `Y`/`N`, `1`/`0` or `true`/`false`).

From line 147 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn edit_in_list(mut self, value: bool) -> Self {
            self.edit_in_list = ::core::option::Option::Some(value);
            self
        }
        /**Whether the values are indexed for search.

In `crm` this setting changes nothing.

Accepted values:
- `Y` — indexed
- `N` — not indexed

Defaults to `N`

On the wire: `IS_SEARCHABLE`, `true`/`false` (also read from `Y`/`N` and `1`/`0`).

From line 153 of `crm-deal-userfield-add.md`.*/
        #[inline]
        pub fn is_searchable(mut self, value: bool) -> Self {
            self.is_searchable = ::core::option::Option::Some(value);
            self
        }
    }
    /**What `crm.deal.userfield.add` answers in `result`: see [`CrmDealUserfieldAdd`] for the fields.

Documented in `api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.md`, line 471 ([online](https://apidocs.bitrix24.com/api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.html)).*/
    pub type CrmDealUserfieldAddResponse = i64;
    impl ::bitrix_api::Method for CrmDealUserfieldAdd {
        const NAME: &'static str = "crm.deal.userfield.add";
        type Response = CrmDealUserfieldAddResponse;
        #[inline]
        fn info() -> &'static ::bitrix_api::MethodInfo {
            ::bitrix_api::method::find(
                super::catalog(),
                "crm.deal.userfield.add",
                ::bitrix_api::ApiVersion::V2,
            )
        }
    }
    /**Add a Custom Field to Deals (`crm.deal.userfield.add`): parameters, answer and errors on [`CrmDealUserfieldAdd`].

A call ready to send: set optional parameters, then `.await` it (or [`send`](CrmDealUserfieldAddCall::send)).*/
    #[derive(Debug, Clone)]
    #[must_use = "a call does nothing until it is awaited"]
    pub struct CrmDealUserfieldAddCall {
        pub(super) client: ::bitrix_api::Client,
        pub(super) request: CrmDealUserfieldAdd,
        pub(super) options: ::bitrix_api::CallOptions,
    }
    impl CrmDealUserfieldAddCall {
        /// The request as it will be sent.
        #[inline]
        pub fn request(&self) -> &CrmDealUserfieldAdd {
            &self.request
        }
        /// Sends the call (the same as awaiting it).
        #[inline]
        pub fn send(
            self,
        ) -> ::bitrix_api::BoxFuture<
            'static,
            ::core::result::Result<CrmDealUserfieldAddResponse, ::bitrix_api::Error>,
        > {
            self.client.__send(self.request, self.options)
        }
    }
    impl ::core::future::IntoFuture for CrmDealUserfieldAddCall {
        type Output = ::core::result::Result<
            CrmDealUserfieldAddResponse,
            ::bitrix_api::Error,
        >;
        type IntoFuture = ::bitrix_api::BoxFuture<'static, Self::Output>;
        #[inline]
        fn into_future(self) -> Self::IntoFuture {
            self.send()
        }
    }
}
#[allow(deprecated)]
pub use __crm_deal_userfield_add::*;
#[doc(hidden)]
#[allow(deprecated)]
mod __crm_item_get {
    /**Read an Item by Its ID (`crm.item.get`)

Returns the data of one entity, found by its ID together with the ID of its CRM object type.

**Scope:** `crm` · **Who can execute the method:** a user who holds the "read" permission for items of the CRM object

# Parameters

- `entityTypeId` (`integer`, required): Type of the item you want: a [system](https://apidocs.bitrix24.com/api-reference/crm/data-types.html#object_type) type or a [custom type](https://apidocs.bitrix24.com/api-reference/crm/universal/user-defined-object-types/index.html).

  System types have fixed numbers (Lead — 1, Deal — 2, Contact — 3, Company — 4, Invoice — 31, and so on), all listed in the [CRM object types reference](https://apidocs.bitrix24.com/api-reference/crm/data-types.html#object_type). For a smart process, look the identifier up with [crm.type.list](https://apidocs.bitrix24.com/api-reference/crm/universal/user-defined-object-types/crm-type-list.html).
- `id` (`integer`, required): ID of the item you want.

  You can find it with [`crm.item.list`](https://apidocs.bitrix24.com/api-reference/crm/universal/crm-item-list.html) or take it from the response of [`crm.item.add`](https://apidocs.bitrix24.com/api-reference/crm/universal/crm-item-add.html).
- `useOriginalUfNames` (`boolean`): Chooses how custom field names are written in the response.
  Possible values:

  - `Y` — as originally named, for example `UF_CRM_2_1639669411830`
  - `N` — in camelCase, for example `ufCrm2_1639669411830`

  Default is `N`

# Returns

`object`: Top-level node of the reply; its only key is `item`

- `item` (`item`): Data of the entity; see the [field description](https://apidocs.bitrix24.com/api-reference/crm/universal/object-fields.html)

<details><summary>Example answer</summary>

```json
{
    "result": {
        "item": {
            "id": 250,
            "createdTime": "2024-07-22T18:00:08+02:00",
            "dateCreateShort": null,
            "updatedTime": "2024-07-22T18:00:08+02:00",
            "dateModifyShort": null,
            "createdBy": 1,
            "updatedBy": 1,
            "assignedById": 1,
            "opened": "Y",
            "companyId": 0,
            "contactId": 0,
            "stageId": "IN_PROCESS",
            "isConvert": null,
            "statusDescription": null,
            "stageSemanticId": "P",
            "productId": null,
            "opportunity": 999.9,
            "currencyId": "USD",
            "sourceId": "TRADE_SHOW",
            "sourceDescription": "Exhibition about admins",
            "title": "Lead #250",
            "name": "Admin",
            "lastName": "Admins",
            "secondName": "Admin",
            "shortName": null,
            "companyTitle": "Administrative Company",
            "post": "Admin",
            "address": null,
            "comments": "[B]Comment about admin[/B]",
            "webformId": 0,
            "originatorId": null,
            "originId": null,
            "dateClosed": null,
            "birthdate": "2000-01-01T02:00:00+02:00",
            "honorific": "UC_N1LWUS",
            "hasPhone": "Y",
            "hasEmail": "Y",
            "hasImol": "N",
            "login": null,
            "isReturnCustomer": "N",
            "searchContent": "250 Lead #250 Admins Admin Admin Administrative Company 999.90 US Dollar 6111111111 111111111 11111111 1111111 111111 11111 1111 111 nqzva rknzcyr pbz In progress Exhibition Exhibition about admins g Admin [O]Comment about admin[/O] 321",
            "isManualOpportunity": "Y",
            "movedBy": 1,
            "movedTime": "2024-07-22T17:00:08+02:00",
            "lastActivityBy": 1,
            "lastActivityTime": "2024-07-22T17:00:08+02:00",
            "phoneMobile": "",
            "phoneWork": "+6111111111",
            "phoneMailing": "",
            "emailHome": "",
            "emailWork": "admin@example.com",
            "emailMailing": "",
            "skype": null,
            "icq": null,
            "imol": "",
            "email": "admin@example.com",
            "phone": "+6111111111",
            "fm": [
                {
                    "id": 101,
                    "valueType": "WORK",
                    "value": "+6111111111",
                    "typeId": "PHONE"
                },
                {
                    "id": 102,
                    "valueType": "WORK",
                    "value": "admin@example.com",
                    "typeId": "EMAIL"
                }
            ],
            "ufCrm_1720019876534": "321",
            "parentId1222": null,
            "parentId1226": null,
            "parentId1228": null,
            "parentId1236": null,
            "parentId1238": null,
            "parentId1240": null,
            "parentId1244": null,
            "parentId1246": null,
            "parentId1254": null,
            "parentId1256": null,
            "utmSource": null,
            "utmMedium": null,
            "utmCampaign": null,
            "utmContent": null,
            "utmTerm": null,
            "observers": [],
            "contactIds": [],
            "entityTypeId": 1
        }
    },
    "time": {
        "start": 1721660468.931424,
        "finish": 1721660469.416092,
        "duration": 0.4846680164337158,
        "processing": 0.16368508338928223,
        "date_start": "2024-07-22T17:01:08+02:00",
        "date_finish": "2024-07-22T17:01:09+02:00",
        "operating": 0
    }
}
```

</details>

# Errors

- `allowed_only_intranet_user`: Action is allowed only to intranet users — The caller is not an intranet user
- `NOT_FOUND`: SPA not found — The `entityTypeId` value is wrong
- `NOT_FOUND`: Item not found — There is no item with this `id` among items of type `entityTypeId`.
- `ACCESS_DENIED`: You do not have permission to view this item — The caller may not read items of type `entityTypeId`

Documented in `api-reference/crm/universal/crm-item-get.md`, line 1 ([online](https://apidocs.bitrix24.com/api-reference/crm/universal/crm-item-get.html)).*/
    #[derive(Clone)]
    pub struct CrmItemGet {
        entity_type_id: i64,
        id: i64,
        use_original_uf_names: ::core::option::Option<bool>,
    }
    impl ::bitrix_api::wire::ToWire for CrmItemGet {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new()
                .put("entityTypeId", &self.entity_type_id)
                .put("id", &self.id)
                .yn_opt("useOriginalUfNames", &self.use_original_uf_names)
                .done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmItemGet);
    impl CrmItemGet {
        ///Creates the request from its required parameters, named in a [`CrmItemGetRequired`] struct literal (two or more share a type, so passing them in order could swap them unnoticed); set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new(required: CrmItemGetRequired) -> Self {
            let CrmItemGetRequired { entity_type_id, id } = required;
            Self {
                entity_type_id,
                id,
                use_original_uf_names: ::core::option::Option::None,
            }
        }
        /**Chooses how custom field names are written in the response.
Possible values:

- `Y` — as originally named, for example `UF_CRM_2_1639669411830`
- `N` — in camelCase, for example `ufCrm2_1639669411830`

Default is `N`

On the wire: `useOriginalUfNames`, sent as `"Y"`/`"N"` (read from `Y`/`N`, `1`/`0` or `true`/`false`).

From line 24 of `crm-item-get.md`.*/
        #[inline]
        pub fn use_original_uf_names(mut self, value: bool) -> Self {
            self.use_original_uf_names = ::core::option::Option::Some(value);
            self
        }
    }
    ///The required values of [`CrmItemGet::new`], by name: two or more of them share a type, so they are not positional.
    #[derive(Debug, Clone)]
    pub struct CrmItemGetRequired {
        /**Type of the item you want: a [system](https://apidocs.bitrix24.com/api-reference/crm/data-types.html#object_type) type or a [custom type](https://apidocs.bitrix24.com/api-reference/crm/universal/user-defined-object-types/index.html).

On the wire: `entityTypeId`; the page's full text is on the method's request type.*/
        pub entity_type_id: i64,
        /**ID of the item you want.

On the wire: `id`; the page's full text is on the method's request type.*/
        pub id: i64,
    }
    /**The `result` of `crm.item.get`.

Documented in `api-reference/crm/universal/crm-item-get.md`, line 183 ([online](https://apidocs.bitrix24.com/api-reference/crm/universal/crm-item-get.html)).*/
    #[derive(Clone)]
    #[non_exhaustive]
    pub struct CrmItemGetResult {
        /**Data of the entity; see the [field description](https://apidocs.bitrix24.com/api-reference/crm/universal/object-fields.html)

On the wire: `item`, any JSON value (the page does not settle its type).

From line 183 of `crm-item-get.md`.*/
        pub item: ::core::option::Option<::bitrix_api::__private::serde_json::Value>,
        /// Fields the answer had that the page does not document, kept as they came.
        pub extra: ::bitrix_api::__private::serde_json::Map<
            ::std::string::String,
            ::bitrix_api::__private::serde_json::Value,
        >,
    }
    impl ::bitrix_api::wire::Wire for CrmItemGetResult {
        #[inline]
        fn from_wire(
            value: ::bitrix_api::__private::serde_json::Value,
        ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
            let mut m = ::bitrix_api::wire::object(value)?;
            ::core::result::Result::Ok(Self {
                item: ::bitrix_api::wire::take(&mut m, "item")?,
                extra: m,
            })
        }
    }
    ::bitrix_api::__serde_via_wire!(CrmItemGetResult);
    impl ::bitrix_api::wire::ToWire for CrmItemGetResult {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new()
                .opt("item", &self.item)
                .inline(&self.extra)
                .done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmItemGetResult);
    /**What `crm.item.get` answers in `result`: see [`CrmItemGet`] for the fields.

Documented in `api-reference/crm/universal/crm-item-get.md`, line 181 ([online](https://apidocs.bitrix24.com/api-reference/crm/universal/crm-item-get.html)).*/
    pub type CrmItemGetResponse = CrmItemGetResult;
    impl ::bitrix_api::Method for CrmItemGet {
        const NAME: &'static str = "crm.item.get";
        type Response = CrmItemGetResponse;
        #[inline]
        fn info() -> &'static ::bitrix_api::MethodInfo {
            ::bitrix_api::method::find(
                super::catalog(),
                "crm.item.get",
                ::bitrix_api::ApiVersion::V2,
            )
        }
    }
    /**Read an Item by Its ID (`crm.item.get`): parameters, answer and errors on [`CrmItemGet`].

A call ready to send: set optional parameters, then `.await` it (or [`send`](CrmItemGetCall::send)).*/
    #[derive(Debug, Clone)]
    #[must_use = "a call does nothing until it is awaited"]
    pub struct CrmItemGetCall {
        pub(super) client: ::bitrix_api::Client,
        pub(super) request: CrmItemGet,
        pub(super) options: ::bitrix_api::CallOptions,
    }
    impl CrmItemGetCall {
        ///Sets `useOriginalUfNames`: see [`CrmItemGet::use_original_uf_names`].
        #[inline]
        pub fn use_original_uf_names(mut self, value: bool) -> Self {
            self.request = self.request.use_original_uf_names(value);
            self
        }
        /// The request as it will be sent.
        #[inline]
        pub fn request(&self) -> &CrmItemGet {
            &self.request
        }
        /// Sends the call (the same as awaiting it).
        #[inline]
        pub fn send(
            self,
        ) -> ::bitrix_api::BoxFuture<
            'static,
            ::core::result::Result<CrmItemGetResponse, ::bitrix_api::Error>,
        > {
            self.client.__send(self.request, self.options)
        }
    }
    impl ::core::future::IntoFuture for CrmItemGetCall {
        type Output = ::core::result::Result<CrmItemGetResponse, ::bitrix_api::Error>;
        type IntoFuture = ::bitrix_api::BoxFuture<'static, Self::Output>;
        #[inline]
        fn into_future(self) -> Self::IntoFuture {
            self.send()
        }
    }
}
#[allow(deprecated)]
pub use __crm_item_get::*;
///The client methods of the pages bound here, one per page. Import this trait (`use …::ClientMethods;`) to call them on a [`bitrix_api::Client`](::bitrix_api::Client); each returns a call builder: set optional parameters, then `.await` it.
pub trait ClientMethods {
    ///Add a Custom Field to Deals (`crm.deal.userfield.add`): parameters, answer and errors on [`CrmDealUserfieldAdd`].
    fn crm_deal_userfield_add(
        &self,
        fields: CrmDealUserfieldAddFields,
    ) -> CrmDealUserfieldAddCall;
    ///Read an Item by Its ID (`crm.item.get`): parameters, answer and errors on [`CrmItemGet`].
    fn crm_item_get(&self, required: CrmItemGetRequired) -> CrmItemGetCall;
}
#[allow(deprecated)]
impl ClientMethods for ::bitrix_api::Client {
    #[inline]
    fn crm_deal_userfield_add(
        &self,
        fields: CrmDealUserfieldAddFields,
    ) -> CrmDealUserfieldAddCall {
        __crm_deal_userfield_add::CrmDealUserfieldAddCall {
            client: ::core::clone::Clone::clone(self),
            request: __crm_deal_userfield_add::CrmDealUserfieldAdd::new(fields),
            options: ::core::default::Default::default(),
        }
    }
    #[inline]
    fn crm_item_get(&self, required: CrmItemGetRequired) -> CrmItemGetCall {
        __crm_item_get::CrmItemGetCall {
            client: ::core::clone::Clone::clone(self),
            request: __crm_item_get::CrmItemGet::new(required),
            options: ::core::default::Default::default(),
        }
    }
}
/// The events of the pages bound here: a payload type per page, [`Event`] over
/// them, and [`catalog`]. Decode a handler's POST with [`Event::decode_verified`]
/// (or let `bitrix_api::events::Installations` / the `axum` router do it).
pub mod events {
    /// Every event bound here (with the features enabled), by the code the portal
    /// sends; codes no page describes are [`Event::Unknown`].
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub enum Event {
        /// An event no page bound here describes, kept as it came.
        Unknown(::bitrix_api::events::RawEvent),
    }
    impl ::bitrix_api::events::EventSet for Event {
        fn from_payload(
            payload: ::bitrix_api::__private::serde_json::Value,
        ) -> ::core::result::Result<Self, ::bitrix_api::Error> {
            let code = ::bitrix_api::events::code_of(&payload)?;
            match code.as_str() {
                _ => {
                    ::bitrix_api::events::RawEvent::from_payload(payload)
                        .map(Event::Unknown)
                }
            }
        }
        fn unknown(raw: ::bitrix_api::events::RawEvent) -> Self {
            Event::Unknown(raw)
        }
        fn code(&self) -> &str {
            match self {
                Event::Unknown(e) => &e.event,
            }
        }
        fn auth(&self) -> ::core::option::Option<&::bitrix_api::events::EventAuth> {
            match self {
                Event::Unknown(e) => e.auth.as_ref(),
            }
        }
    }
    impl Event {
        /// Decodes a handler's POST (`Content-Type` and body as they came) and
        /// checks its `auth.application_token` against the one stored at install,
        /// in constant time. A body that fails is an error and no event.
        pub fn decode_verified(
            content_type: &str,
            body: &[u8],
            expected_application_token: &::bitrix_api::Secret,
        ) -> ::core::result::Result<Event, ::bitrix_api::Error> {
            ::bitrix_api::events::decode_verified(
                content_type,
                body,
                expected_application_token,
            )
        }
        /// Decodes without verification: only for `ONAPPINSTALL`, which brings the
        /// token later events are verified against.
        pub fn decode_unverified(
            content_type: &str,
            body: &[u8],
        ) -> ::core::result::Result<Event, ::bitrix_api::Error> {
            ::bitrix_api::events::decode_unverified(content_type, body)
        }
        /// The code as sent, e.g. `ONCRMDEALADD`.
        pub fn code(&self) -> &str {
            ::bitrix_api::events::EventSet::code(self)
        }
        /// Who sent it, when the payload had `auth`.
        pub fn auth(&self) -> ::core::option::Option<&::bitrix_api::events::EventAuth> {
            ::bitrix_api::events::EventSet::auth(self)
        }
    }
    static __BITRIX_EVENTS: &[::bitrix_api::events::EventInfo] = &[];
    /// Every event bound here (with the features enabled), sorted by name.
    pub fn catalog() -> &'static [::bitrix_api::events::EventInfo] {
        __BITRIX_EVENTS
    }
}
/// Records typed from the entities' fields pages (`crm.deal.fields` → [`Deal`]),
/// shared by the entity's get and list methods, their streams and batches, and
/// `crm.item.*` ([`Client::items`](::bitrix_api::Client::items)). Every field is
/// optional: a narrowed `select` leaves fields out. Each record has a constant per
/// field (`Deal::OPPORTUNITY`) for typed filters, orders and selects
/// ([`bitrix_api::typed`](::bitrix_api::typed)).
#[allow(clippy::all)]
pub mod records {}
/// The REST 3.0 methods bound here (pages marked "This method belongs to REST 3.0"):
/// their request and response types, and their [`ClientMethods`](v3::ClientMethods)
/// on [`bitrix_api::V3Client`](::bitrix_api::V3Client) — `client.v3().method(…)`.
pub mod v3 {
    #[allow(unused_imports)]
    use super::records;
    ///The client methods of the REST 3.0 pages bound here, on [`bitrix_api::V3Client`](::bitrix_api::V3Client): import this trait and call `client.v3().method(…)`. Writes carry an `Idempotency-Key` (the same on every retry); set your own with the call builder's `idempotency_key`.
    pub trait ClientMethods {}
    #[allow(deprecated)]
    impl ClientMethods for ::bitrix_api::V3Client {}
}
/// One import to call the methods bound here: `use …::prelude::*;` brings both
/// `ClientMethods` traits (REST 2 on `Client`, REST 3.0 on `V3Client`) into scope
/// without their names.
pub mod prelude {
    pub use super::ClientMethods as _;
    pub use super::v3::ClientMethods as _;
}
static __BITRIX_CATALOG: ::bitrix_api::method::Catalog = ::bitrix_api::method::Catalog::new(
    &[
        "crm.deal.userfield.add\u{1f}Add a Custom Field to Deals\u{1f}api-reference/crm/deals/user-defined-fields/crm-deal-userfield-add.md\u{1f}1\u{1f}+crm\u{1f}2\u{1f}-\u{1f}0\u{1d}1\u{1d}fields\u{1d}object\u{1e}1\u{1d}1\u{1d}USER_TYPE_ID\u{1d}string\u{1e}1\u{1d}1\u{1d}FIELD_NAME\u{1d}string\u{1e}1\u{1d}0\u{1d}LABEL\u{1d}string\u{1e}1\u{1d}0\u{1d}XML_ID\u{1d}string\u{1e}1\u{1d}0\u{1d}LIST_FILTER_LABEL\u{1d}string|lang_map\u{1e}1\u{1d}0\u{1d}LIST_COLUMN_LABEL\u{1d}string|lang_map\u{1e}1\u{1d}0\u{1d}EDIT_FORM_LABEL\u{1d}string|lang_map\u{1e}1\u{1d}0\u{1d}ERROR_MESSAGE\u{1d}string|lang_map\u{1e}1\u{1d}0\u{1d}HELP_MESSAGE\u{1d}string|lang_map\u{1e}1\u{1d}0\u{1d}MULTIPLE\u{1d}boolean\u{1e}1\u{1d}0\u{1d}MANDATORY\u{1d}boolean\u{1e}1\u{1d}0\u{1d}SHOW_FILTER\u{1d}boolean\u{1e}1\u{1d}0\u{1d}SETTINGS\u{1d}object\u{1e}2\u{1d}0\u{1d}DEFAULT_VALUE\u{1d}string\u{1e}2\u{1d}0\u{1d}ROWS\u{1d}integer\u{1e}1\u{1d}0\u{1d}LIST\u{1d}uf_enum_element[]\u{1e}2\u{1d}0\u{1d}VALUE\u{1d}string\u{1e}2\u{1d}0\u{1d}SORT\u{1d}integer\u{1e}2\u{1d}0\u{1d}DEF\u{1d}boolean\u{1e}2\u{1d}0\u{1d}XML_ID\u{1d}string\u{1e}1\u{1d}0\u{1d}SORT\u{1d}integer\u{1e}1\u{1d}0\u{1d}SHOW_IN_LIST\u{1d}boolean\u{1e}1\u{1d}0\u{1d}EDIT_IN_LIST\u{1d}boolean\u{1e}1\u{1d}0\u{1d}IS_SEARCHABLE\u{1d}boolean",
        "crm.item.get\u{1f}Read an Item by Its ID\u{1f}api-reference/crm/universal/crm-item-get.md\u{1f}1\u{1f}+crm\u{1f}2\u{1f}-\u{1f}0\u{1d}1\u{1d}entityTypeId\u{1d}integer\u{1e}0\u{1d}1\u{1d}id\u{1d}integer\u{1e}0\u{1d}0\u{1d}useOriginalUfNames\u{1d}boolean",
    ],
);
/// Every method bound here (with the features enabled), sorted by name and then
/// version, with its page, scope, parameters and API version.
pub fn catalog() -> &'static [::bitrix_api::MethodInfo] {
    __BITRIX_CATALOG.get()
}
/// Calls `visitor.visit::<M>()` for every method bound here, in catalog order of each
/// version (REST 2 first).
#[allow(deprecated)]
pub fn visit_methods(visitor: &mut impl ::bitrix_api::MethodVisitor) {
    let _ = &visitor;
    visitor.visit::<__crm_deal_userfield_add::CrmDealUserfieldAdd>();
    visitor.visit::<__crm_item_get::CrmItemGet>();
}
/// Pages under the bound directory that were not bound: (path, reason). Empty
/// unless the binding says `skip_invalid` (strict bindings fail to compile instead).
pub const SKIPPED: &[(&str, &str)] = &[];
/// Places bound weaker than their page says (an untyped parameter bound as
/// `serde_json::Value`, …): (path:line, what). Empty in strict bindings, where each
/// is a compile error.
pub const WARNINGS: &[(&str, &str)] = &[];
