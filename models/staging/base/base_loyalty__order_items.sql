{{ config(
    materialized=loyalty.checked_rows_materialization(),
    unique_key='source_row_number',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    pre_hook="{{ loyalty.reset_checked_rows(ref('base_loyalty__order_items_parsed')) }}",
    meta={'key_columns': ['order_id', 'product_id']},
) }}
{%- set new_rows_only = loyalty.checks_new_rows_only(ref('base_loyalty__order_items_parsed')) %}

with

parsed as {{ loyalty.inlined_cte() }} (
    select * from {{ ref('base_loyalty__order_items_parsed') }}
),

orders as (
    -- The staged orders' keys (docs/decisions.md, "Base models read base models").
    select order_id from {{ ref('base_loyalty__orders') }}
    where check_reason is null and not has_repeated_key

    union all

    select distinct order_id from {{ ref('base_loyalty__orders') }}
    where check_reason is null and has_repeated_key
),

products as (
    -- The staged products' keys (docs/decisions.md, "Base models read base models").
    select product_id from {{ ref('base_loyalty__products') }}
    where check_reason is null and not has_repeated_key

    union all

    select distinct product_id from {{ ref('base_loyalty__products') }}
    where check_reason is null and has_repeated_key
),

{% if new_rows_only %}
checked_before as {{ loyalty.inlined_cte() }} (
    select * from {{ this }}
),

last_check as (
    select max(checked_before.checked_at) as checked_at from checked_before
),

new_rows as (
    select
        parsed.source_row_number,
        parsed.order_id,
        parsed.product_id
    from parsed
    where parsed.parsed_at > (select last_check.checked_at from last_check)
),

orders_checked_since as (
    {#- The orders whose rows were checked after these rows were: only
        their keys can have been staged or unstaged since. -#}
    select distinct base_orders.order_id
    from {{ ref('base_loyalty__orders') }} as base_orders
    where base_orders.checked_at > (select last_check.checked_at from last_check)
),

rows_changed as (
    {#- What a run can change (docs/decisions.md, "Daily runs"): check 5 for
        the new rows' keys, check 4 for the rows of an order checked since
        and for the rows whose product was staged then and is not now, or
        the reverse. -#}
    select
        new_rows.source_row_number,
        new_rows.order_id,
        new_rows.product_id
    from new_rows

    union

    select
        checked_before.source_row_number,
        checked_before.order_id,
        checked_before.product_id
    from checked_before
    inner join orders_checked_since
        on checked_before.order_id = orders_checked_since.order_id

    union

    select
        checked_before.source_row_number,
        checked_before.order_id,
        checked_before.product_id
    from checked_before
    left join products
        on checked_before.product_id = products.product_id
    where {{ loyalty.reference_check_may_change('checked_before', 'product_id', 'products.product_id') }}
),

changed_keys as (
    select distinct
        rows_changed.order_id,
        rows_changed.product_id
    from rows_changed
),

rows_to_check as (
    {#- Those rows and every row of their keys, whose check 5 counts them
        all: so the rows checked are the rows of their keys (with the
        changed rows of no key). -#}
    select rows_changed.source_row_number from rows_changed

    union

    select parsed.source_row_number from parsed
    inner join changed_keys
        on
            parsed.order_id = changed_keys.order_id
            and parsed.product_id = changed_keys.product_id
),

to_check as (
    select parsed.* from parsed
    inner join rows_to_check
        on parsed.source_row_number = rows_to_check.source_row_number
),

key_rows as (
    {#- The parsed rows of the keys checked, for check 5's count: the rows
        checked are all of them. -#}
    select
        to_check.order_id,
        to_check.product_id
    from to_check
),

checked_orders as (
    select orders.order_id from orders
    where orders.order_id in (select to_check.order_id from to_check)
),
{% else %}
to_check as (
    select * from parsed
),

key_rows as (
    select
        parsed.order_id,
        parsed.product_id
    from parsed
),

checked_orders as (
    select orders.order_id from orders
),
{% endif %}

checked as (
    select
        to_check.*,
        case
            when to_check.check_reason is not null then to_check.check_reason
            when checked_orders.order_id is null then 'unknown_reference: order_id'
            when products.product_id is null then 'unknown_reference: product_id'
        end as row_check_reason
    from to_check
    left join checked_orders
        on to_check.order_id = checked_orders.order_id
    left join products
        on to_check.product_id = products.product_id
),

repeated_keys as (
    {#- Check 5 concerns only the keys that more than one raw row holds. -#}
    select
        key_rows.order_id,
        key_rows.product_id
    from key_rows
    group by
        key_rows.order_id,
        key_rows.product_id
    having count(*) > 1
),

final as (
    select
        checked.source_row_number,
        checked.order_id,
        checked.product_id,
        checked.quantity,
        checked.unit_price,
        case
            when checked.row_check_reason is not null or repeated_keys.order_id is not null
                then {{ loyalty.raw_row_json(loyalty.event_source_columns('order_items'), relation='checked', restored=true) }}
        end as raw_row,
        checked.row_check_reason as check_reason,
        {{ loyalty.pass_through_select('order_items', 'checked') }}
        repeated_keys.order_id is not null as has_repeated_key,
        {{ loyalty.run_timestamp() }} as checked_at
    from checked
    left join repeated_keys
        on
            checked.order_id = repeated_keys.order_id
            and checked.product_id = repeated_keys.product_id
)

select * from final
