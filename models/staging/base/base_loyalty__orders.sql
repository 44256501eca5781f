{%- set columns = [
    {'name': 'order_id', 'type': 'text'},
    {'name': 'customer_id', 'type': 'text'},
    {'name': 'ordered_at', 'type': 'timestamp'},
    {'name': 'status', 'type': 'enum'},
    {'name': 'amount', 'type': 'money'},
] -%}

with

source as (
    select * from {{ loyalty.raw_source('orders', columns) }}
),

customers as (
    select * from {{ ref('stg_loyalty__customers') }}
),

cleaned as (
    select
        {{ loyalty.source_row_number('orders') }} as source_row_number,
        {{ loyalty.raw_row_json(columns) }} as raw_row,
        {{ loyalty.clean_raw_columns(columns) }}
    from source
),

parsed as (
    select
        cleaned.*,
        {{ loyalty.parse_raw_columns(columns) }}
    from cleaned
),

checked as (
    select
        parsed.*,
        case
            {{- loyalty.invalid_value_checks(columns) }}
            when parsed.status not in ('completed', 'refunded', 'cancelled') then 'out_of_domain: status'
            when parsed.amount < 0 then 'out_of_domain: amount'
            when cast(parsed.ordered_at as date) > {{ loyalty.run_date() }} then 'future_event: ordered_at'
            when customers.customer_id is null then 'unknown_reference: customer_id'
        end as check_reason
    from parsed
    left join customers
        on parsed.customer_id = customers.customer_id
),

final as (
    select
        checked.source_row_number,
        checked.order_id,
        checked.customer_id,
        checked.status,
        checked.amount,
        checked.ordered_at,
        checked.order_id as row_key,
        checked.raw_row,
        {{ loyalty.rejection_reason('checked.check_reason', ['checked.order_id'], 'order_id') }} as rejection_reason
    from checked
)

select * from final
