import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ROLES, Role } from '@fleetgate/common';

export class CreateUserDto {
  @ApiProperty() @IsString() @Matches(/^[A-Za-z0-9_.@-]{1,100}$/) name!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiPropertyOptional({ type: [String], description: 'Site names (plant managers)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  sites?: string[];
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: [String] }) sites!: string[];
  @ApiPropertyOptional() revoked?: boolean;
}

export class CreatedUserDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ description: 'Shown once; only its hash is stored' }) token!: string;
}
