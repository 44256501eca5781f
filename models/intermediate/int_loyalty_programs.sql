{#- Every program (docs/metrics.md section 13): the configured ones, plus any
    program found among the staged members but missing from the
    configuration, which is a free points program that earns points and has
    no money-based reward. -#}
{{ config(enabled=loyalty.using('loyalty')) }}
with

configured as (
    select * from {{ ref('stg_loyalty__loyalty_programs') }}
),

members as (
    select * from {{ ref('stg_loyalty__loyalty_members') }}
),

unconfigured as (
    select distinct members.program
    from members
    left join configured
        on members.program = configured.program
    where configured.program is null
),

final as (
    select
        configured.program,
        configured.program_type,
        configured.annual_fee,
        configured.earns_points,
        configured.reward_threshold_spend,
        configured.reward_value,
        true as is_configured
    from configured

    union all

    select
        unconfigured.program,
        'points' as program_type,
        cast(0 as {{ loyalty.type_money() }}) as annual_fee,
        true as earns_points,
        cast(null as {{ loyalty.type_money() }}) as reward_threshold_spend,
        cast(null as {{ loyalty.type_money() }}) as reward_value,
        false as is_configured
    from unconfigured
)

select * from final
