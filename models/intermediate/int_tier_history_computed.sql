{#- The record of customer_tier_history's last computation, built after it
    (so only when it succeeded): its next incremental build recomputes the
    customers logged since, adds the month ends after last_month_end, and
    computes every customer again when the tier bands differ
    (last_tier_history_build). -#}
{{ config(enabled=loyalty.using('loyalty')) }}
-- depends_on: {{ ref('customer_tier_history') }}

with

months as (
    select * from {{ ref('int_months') }}
),

final as (
    select
        {{ loyalty.run_timestamp() }} as computed_at,
        {{ loyalty.tier_bands_key(ref('int_tier_bands')) }} as tier_bands_key,
        max(months.period_end) as last_month_end
    from months
    where months.is_complete_period
)

select * from final
